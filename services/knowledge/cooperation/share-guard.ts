/**
 * What `sharePractice` checks before writing anything: that the request is not a repeat of one
 * already applied (services/shared/idempotency.ts), and that a new practice does not take the title
 * of one its jurisdiction already has (a second share of it would make a near-duplicate `…-2`).
 */
import type { Author, LocalizedText, Practice, PracticeDraft, RequestMark } from '../../../schema/domain/index.js';
import { badUserInput } from '../../../schema/errors.js';
import type { GraphStore } from '../../graph/graph-store.port.js';
import { repeatOf } from '../../shared/idempotency.js';

/** A draft or a published practice, as `sharePractice` returns it. */
export type Shared = (Practice & { readonly state: 'published' }) | (PracticeDraft & { readonly state: 'draft' });

const ALL = 1000;

/** The practice or draft an earlier identical request of the agency made, as it stands now. */
export async function earlierShare({
  store,
  author,
  mark,
  now,
}: {
  store: GraphStore;
  author: Author;
  mark: RequestMark;
  now: Date;
}): Promise<Shared | undefined> {
  const ofAgency = [{ field: 'agency' as const, op: 'in' as const, values: [author.agency] }];
  const [practices, drafts] = await Promise.all([
    store.find('Practice', { where: ofAgency, first: ALL }),
    store.find('PracticeDraft', { where: ofAgency, first: ALL }),
  ]);
  const sender = author.username;
  const published = repeatOf({
    mark,
    records: practices.records,
    writtenAt: (p) => p.updatedAt,
    writtenBy: (p) => p.sharedBy?.username,
    sender,
    now,
  });
  if (published) return { ...published, state: 'published' };
  const draft = repeatOf({
    mark,
    records: drafts.records,
    writtenAt: (d) => d.savedAt,
    writtenBy: (d) => d.savedBy.username,
    sender,
    now,
  });
  if (!draft) return undefined;
  // A draft published since is answered with the practice it became.
  const [became] = draft.open ? [null] : await store.getByIds('Practice', [draft.id]);
  return became ? { ...became, state: 'published' } : { ...draft, state: 'draft' };
}

const norm = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
const sameTitle = (a: LocalizedText, b: LocalizedText) =>
  norm(a.en) === norm(b.en) || norm(a.zhHant) === norm(b.zhHant) || norm(a.zhHans) === norm(b.zhHans);

/** Refuses a new practice whose title (in any script) is that of a practice or open draft of the jurisdiction. */
export async function refuseTakenTitle(store: GraphStore, author: Author, title: LocalizedText): Promise<void> {
  const [practices, drafts] = await Promise.all([
    store.find('Practice', { where: [{ field: 'jurisdiction', op: 'in', values: [author.jurisdiction] }], first: ALL }),
    store.find('PracticeDraft', { where: [{ field: 'agency', op: 'in', values: [author.agency] }], first: ALL }),
  ]);
  const taken = [...practices.records, ...drafts.records.filter((d) => d.open)].find((p) => sameTitle(p.title, title));
  if (taken) {
    throw badUserInput(
      'input.title',
      `is already the title of ${taken.id} (${taken.agency}); to publish a new version of it, send input.id "${taken.id}"`,
    );
  }
}
