/**
 * The optional language-model port of the assistant. It receives the question and the records the
 * retrieval chose, and writes the answer; the assistant checks its citations against those records
 * on the way out and keeps the retrieval answer when any is foreign, missing, or the call fails.
 */
import type { Script } from '../../graph/search/text.js';

export interface GroundingRecord {
  readonly kind: string;
  readonly id: string;
  readonly title: string;
  readonly text: string;
  readonly url: string | null;
}

export interface ModelAnswer {
  readonly text: string;
  /** The ids the text cites, in the order it cites them. */
  readonly citations: readonly string[];
}

export interface LanguageModel {
  readonly name: string;
  complete(input: { question: string; lang: Script; records: readonly GroundingRecord[] }): Promise<ModelAnswer>;
}
