/** Why the pipeline refused a message: the dead-letter reason code, a sentence, the stage. */
export interface Rejection {
  readonly code: string;
  readonly message: string;
  /** The pipeline stage that refused it, for the dead-letter headers. */
  readonly stage: 'decode' | 'authenticate' | 'validate' | 'authorise' | 'dedupe' | 'reference' | 'consent' | 'apply';
  /** Refused while a version of its (source, id) was applied already: no later version supersedes it. */
  readonly afterApplied?: boolean;
}
