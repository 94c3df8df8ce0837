/**
 * What's new for one jurisdiction: practices the other side shared, adoptions across the boundary,
 * questions put to its own practices, answers from the other side (or to its own questions) and the
 * other side's major announcements. One predicate (`concerns`) decides membership for both the
 * paged `feed` query and the `feedUpdated` subscription, so the two never disagree.
 */
import { createPubSub, filter, pipe } from 'graphql-yoga';
import {
  type Adoption,
  type Announcement,
  type Answer,
  JURISDICTION_IDS,
  type JurisdictionId,
  type Practice,
  type Question,
  SIDE_OF,
} from '../../../schema/domain/index.js';
import type { GraphStore } from '../../graph/graph-store.port.js';

export const FEED_KINDS = [
  'practice-shared',
  'practice-adopted',
  'question-asked',
  'question-answered',
  'announcement',
] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export interface FeedItem {
  /** Unique per item: the record's id, with the answer's for answers. */
  readonly id: string;
  readonly kind: FeedKind;
  /** RFC 3339. */
  readonly at: string;
  /** Who acted: the sharing, adopting, asking or answering jurisdiction and agency. */
  readonly jurisdiction: JurisdictionId;
  readonly agency: string;
  readonly practice: string | null;
  readonly adoption: Adoption | null;
  readonly question: Question | null;
  readonly answer: Answer | null;
  readonly announcement: string | null;
}

/**
 * Jurisdictions across the boundary from `j`: the Mainland cities for Hong Kong and the reverse.
 * Macao is on neither side of it: it is nobody's other side, and everyone else is its.
 */
export function otherSide(j: JurisdictionId): JurisdictionId[] {
  if (SIDE_OF[j] === null) return JURISDICTION_IDS.filter((x) => x !== j);
  return JURISDICTION_IDS.filter((x) => SIDE_OF[x] !== null && SIDE_OF[x] !== SIDE_OF[j]);
}

export function concerns(item: FeedItem, j: JurisdictionId): boolean {
  const across = otherSide(j);
  switch (item.kind) {
    case 'practice-shared':
    case 'announcement':
      return across.includes(item.jurisdiction);
    case 'practice-adopted':
      return (
        across.includes(item.jurisdiction) ||
        (item.jurisdiction === j && across.includes(item.adoption?.practiceJurisdiction as JurisdictionId))
      );
    case 'question-asked':
      return item.question?.ownerJurisdiction === j;
    case 'question-answered':
      return across.includes(item.jurisdiction) || item.question?.askedBy.jurisdiction === j;
  }
}

/** When a practice's current version was shared: to the second where known, else its publication day. */
export const sharedAt = (p: Practice): string => p.updatedAt ?? `${p.publishedAt}T00:00:00+08:00`;

export const practiceItem = (p: Practice): FeedItem => ({
  id: `${p.id}:v${p.version ?? 1}`,
  kind: 'practice-shared',
  at: sharedAt(p),
  jurisdiction: p.jurisdiction,
  agency: p.agency,
  practice: p.id,
  adoption: null,
  question: null,
  answer: null,
  announcement: null,
});

export const adoptionItem = (a: Adoption): FeedItem => ({
  id: `${a.id}:${a.recordedAt}`,
  kind: 'practice-adopted',
  at: a.recordedAt,
  jurisdiction: a.jurisdiction,
  agency: a.agency,
  practice: a.practice,
  adoption: a,
  question: null,
  answer: null,
  announcement: null,
});

export const questionItem = (q: Question): FeedItem => ({
  id: q.id,
  kind: 'question-asked',
  at: q.askedAt,
  jurisdiction: q.askedBy.jurisdiction,
  agency: q.askedBy.agency,
  practice: q.practice,
  adoption: null,
  question: q,
  answer: null,
  announcement: null,
});

export const answerItem = (q: Question, a: Answer): FeedItem => ({
  id: a.id,
  kind: 'question-answered',
  at: a.answeredAt,
  jurisdiction: a.answeredBy.jurisdiction,
  agency: a.answeredBy.agency,
  practice: q.practice,
  adoption: null,
  question: q,
  answer: a,
  announcement: null,
});

/**
 * A major announcement of the other side, as of its latest change: its `at` is when it was withdrawn,
 * else last corrected, else published, so a correction or withdrawal is new to a reader of the feed
 * `since` before it, and a `feedUpdated` push of it says when it changed; `announcement { change version
 * withdrawnAt }` says what changed. A withdrawn one stays in the officials' feed, marked so (found by a
 * tester: each change was pushed as the same item with the first `at`, and a withdrawal looked like
 * the announcement itself).
 */
export const announcementItem = (a: Announcement): FeedItem => ({
  id: a.id,
  kind: 'announcement',
  at: a.withdrawnAt ?? a.correctedAt ?? a.publishedAt,
  jurisdiction: a.jurisdiction,
  agency: a.agency,
  practice: null,
  adoption: null,
  question: null,
  answer: null,
  announcement: a.id,
});

/** Newest first; ties by id, so pages are stable. */
export const newestFirst = (a: FeedItem, b: FeedItem): number =>
  Date.parse(b.at) - Date.parse(a.at) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Enough for every record of a region's exchange; the feed reads each kind's candidates in one call. */
const CANDIDATES = 10_000;

/** Every item that concerns `j` after `since` (RFC 3339), newest first. */
export async function feedItems(store: GraphStore, j: JurisdictionId, since: string | null): Promise<FeedItem[]> {
  const across = [...otherSide(j)];
  const all = async <T>(p: Promise<{ records: T[] }>) => (await p).records;
  // One read per kind; `concerns` then keeps what is this jurisdiction's to hear of.
  const [practices, adoptions, questions, announcements] = await Promise.all([
    all(store.find('Practice', { where: [{ field: 'jurisdiction', op: 'in', values: across }], first: CANDIDATES })),
    all(
      store.find('Adoption', {
        where: [{ field: 'jurisdiction', op: 'in', values: [...across, j] }],
        first: CANDIDATES,
      }),
    ),
    all(
      store.find('Question', {
        // Stored times are UTC (toISOString), so the string comparison orders them; a question's
        // `updatedAt` is its latest answer's time or its own, so this keeps every question and answer after `since`.
        where: since === null ? [] : [{ field: 'updatedAt', op: 'gte', value: new Date(since).toISOString() }],
        first: CANDIDATES,
      }),
    ),
    all(
      store.find('Announcement', {
        where: [
          { field: 'jurisdiction', op: 'in', values: across },
          { field: 'importance', op: 'in', values: ['major'] },
        ],
        first: CANDIDATES,
      }),
    ),
  ]);
  const candidates = [
    ...practices.map(practiceItem),
    ...adoptions.map(adoptionItem),
    ...questions.flatMap((q) => [questionItem(q), ...q.answers.map((a) => answerItem(q, a))]),
    ...announcements.map(announcementItem),
  ];
  const after = since === null ? Number.NEGATIVE_INFINITY : Date.parse(since);
  return candidates.filter((item) => Date.parse(item.at) > after && concerns(item, j)).sort(newestFirst);
}

/** Items as they happen, for `feedUpdated` subscribers of this process. */
export class FeedChannel {
  private readonly pubsub = createPubSub<{ item: [FeedItem] }>();

  publish(item: FeedItem): void {
    this.pubsub.publish('item', item);
  }

  subscribe(j: JurisdictionId): AsyncIterable<FeedItem> {
    return pipe(
      this.pubsub.subscribe('item'),
      filter((item: FeedItem) => concerns(item, j)),
    );
  }
}
