/**
 * The announcements an answer about a service tells of: the most relevant change in force ("since
 * …") and the most relevant one still to come ("from … it will change"), relevance being how much of
 * the question the notice holds; newer breaks ties among changes in force, sooner among those to come.
 * Relevance counts only the glossary's concepts the question asks beyond the service's title, so a
 * question about the service alone gets its latest change, and of two notices on the same matter
 * (queue tickets in 2024, none from 2026) the newer. A notice not yet published is not told of.
 */
import { type Announcement, newestFirst, type Service } from '../../../schema/domain/index.js';
import type { GraphStore } from '../../graph/graph-store.port.js';
import { beyondTitle, rank } from './rank.js';
import type { Units } from './units.js';

export interface Change {
  readonly announcement: Announcement;
  /** False when it takes effect after the day asked about. */
  readonly inForce: boolean;
}

/** The calendar day in Hong Kong and on the Mainland (UTC+8), as announcements date their effect. */
const day = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

export async function changesTo(
  store: GraphStore,
  service: Service,
  question: string,
  u: Units,
  today: Date,
): Promise<Change[]> {
  const { records } = await store.find('Announcement', {
    where: [{ field: 'relatedServices', op: 'containsAny', values: [service.id] }],
    first: 50,
  });
  // A withdrawn notice is no change to tell of (as `latestChanges` leaves it out).
  const published = records.filter((a) => !a.withdrawnAt && Date.parse(a.publishedAt) <= today.getTime());
  const relevance = new Map(
    rank(
      question,
      { ...beyondTitle(u, 'Service', service), words: [], pairs: [] },
      published.map((record) => ({ label: 'Announcement' as const, record })),
    ).map((r) => [r.record.id, Math.round(r.coverage * 100)]),
  );
  const now = day(today);
  const pick = (inForce: boolean): Change[] => {
    const best = published
      .filter((a) => a.effectiveFrom <= now === inForce)
      .sort(
        (a, b) =>
          (relevance.get(b.id) ?? 0) - (relevance.get(a.id) ?? 0) ||
          (inForce ? b.effectiveFrom.localeCompare(a.effectiveFrom) : a.effectiveFrom.localeCompare(b.effectiveFrom)) ||
          newestFirst(a.publishedAt, b.publishedAt),
      )[0];
    return best ? [{ announcement: best, inForce }] : [];
  };
  return [...pick(true), ...pick(false)].sort(
    (a, b) => (relevance.get(b.announcement.id) ?? 0) - (relevance.get(a.announcement.id) ?? 0),
  );
}
