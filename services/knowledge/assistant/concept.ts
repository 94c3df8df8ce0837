/** A unit of meaning of the assistant's glossary (glossary.ts) and how much it weighs in a question. */
export type ConceptKind = 'subject' | 'place' | 'action' | 'broad';

export interface Concept {
  readonly id: string;
  readonly kind: ConceptKind;
  readonly forms: readonly string[];
  /** Places: the wider places that hold this one (前海 is in 深圳, in 广东, on the Mainland). */
  readonly within?: readonly string[];
  /** Subjects: the kinds of thing this one is (粤省事 is an app), so a record about it answers for them. */
  readonly isA?: readonly string[];
  /** A record naming this one names these too (港澳 is Hong Kong and Macao). */
  readonly holds?: readonly string[];
}

export const WEIGHT: Record<ConceptKind, number> = { subject: 3, place: 1.5, action: 1, broad: 0.5 };
