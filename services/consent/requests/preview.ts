/**
 * What a request would disclose, field by field, with the real values: shown to the resident it is
 * about (and to no one else) before they decide, as Singapore's Myinfo lists each field and the EU
 * Once-Only system previews the evidence. The id number is masked even here: the preview proves
 * which document would cross without repeating it on every screen.
 */
import type { Case, DataCategory, Person } from '../../../schema/domain/index.js';

export interface PreviewItem {
  readonly category: DataCategory;
  /** The field as the Case API names it, e.g. `applicant.name` or `documents[driving-record]`. */
  readonly field: string;
  /** Null where nothing is on file. */
  readonly value: string | null;
  readonly recipient: string;
  readonly recipientJurisdiction: string;
}

/** `A1234567(7)` → `A123***(7)`; `440300199001010000` → `4403***00`: the check part stays, the middle goes. */
export function maskIdNumber(id: string): string {
  const check = /\(.\)$/.exec(id)?.[0] ?? id.slice(-2);
  const body = id.slice(0, id.length - check.length);
  return body.length <= 4 ? `${'*'.repeat(body.length)}${check}` : `${body.slice(0, 4)}***${check}`;
}

function fieldsOf(category: DataCategory, person: Person, kase: Case): [string, string | null][] {
  switch (category) {
    case 'identity':
      return [
        ['applicant.name', `${person.name.zhHant} (${person.name.en})`],
        ['applicant.idNumber', `${person.idKind} ${maskIdNumber(person.idNumber)}`],
      ];
    case 'contact':
      return [
        ['applicant.phone', person.phone],
        ['applicant.email', person.email],
      ];
    case 'address':
      // The platform keeps no address of its own (Applicant.address is null for every case).
      return [['applicant.address', null]];
    default:
      return [[`documents[${category}]`, `doc:${kase.id}:${category}`]];
  }
}

export function previewOf(
  request: { categories: readonly DataCategory[]; requesterAgency: string; requesterJurisdiction: string },
  person: Person,
  kase: Case,
): PreviewItem[] {
  return request.categories.flatMap((category) =>
    fieldsOf(category, person, kase).map(([field, value]) => ({
      category,
      field,
      value,
      recipient: request.requesterAgency,
      recipientJurisdiction: request.requesterJurisdiction,
    })),
  );
}
