/** The search page's URL parameters, its query, and how filters the search API lacks are applied. */
import type { LocalizedText } from '../i18n';

export interface Filters {
  readonly q: string;
  readonly kinds: string[];
  readonly j: string[];
  readonly topic: string;
  readonly channel: string;
  readonly flags: string[];
}

export interface Hit {
  readonly kind: 'SERVICE' | 'PRACTICE' | 'ANNOUNCEMENT';
  readonly id: string;
  readonly title: LocalizedText;
  readonly snippet: string;
}

export const FLAGS = ['crossBoundary', 'zeroRedirection', 'paperless'] as const;

export function filtersOf(p: URLSearchParams): Filters {
  return {
    q: p.get('q') ?? '',
    kinds: p.getAll('kind'),
    j: p.getAll('j'),
    topic: p.get('topic') ?? '',
    channel: p.get('channel') ?? '',
    flags: p.getAll('flag').filter((f) => (FLAGS as readonly string[]).includes(f)),
  };
}

/**
 * Null when only search's own filters (kinds, jurisdictions) are set: the list queries are then
 * not fetched at all.
 */
export function serviceFilterOf(f: Filters): Record<string, unknown> | null {
  if (!f.topic && !f.channel && !f.flags.length) return null;
  return {
    jurisdictions: f.j.length ? f.j : null,
    topics: f.topic ? [f.topic] : null,
    channels: f.channel ? [f.channel] : null,
    ...Object.fromEntries(f.flags.map((flag) => [flag, true])),
  };
}

/**
 * Search ranks text and filters by kind and jurisdiction itself; a topic, channel or flag narrows its
 * hits to the services and practices the list queries return under the same filter. Announcements
 * carry no topic or channel, so those filters leave them out.
 */
export const SEARCH = `query Search($text: String!, $kinds: [SearchKind!], $jurisdictions: [ID!], $serviceFilter: ServiceFilter, $practiceFilter: PracticeFilter, $filtered: Boolean!) {
  search(text: $text, kinds: $kinds, jurisdictions: $jurisdictions, first: 30) { kind id title { en zhHant zhHans } snippet }
  services(filter: $serviceFilter, first: 100) @include(if: $filtered) { edges { node { id } } }
  practices(filter: $practiceFilter, first: 100) @include(if: $filtered) { edges { node { id } } }
}`;

type Lists = {
  services: { edges: { node: { id: string } }[] } | null;
  practices: { edges: { node: { id: string } }[] } | null;
} | null;

export function keepHit(hit: Hit, f: Filters, lists: Lists): boolean {
  if (!lists?.services) return true;
  if (hit.kind === 'SERVICE') return lists.services.edges.some((e) => e.node.id === hit.id);
  const practiceOnly = !f.channel && !f.flags.length;
  if (hit.kind === 'PRACTICE')
    return practiceOnly && (lists.practices?.edges.some((e) => e.node.id === hit.id) ?? false);
  return false;
}

export function hitPath(hit: Hit): string {
  if (hit.kind === 'SERVICE') return `/services/${hit.id}`;
  if (hit.kind === 'PRACTICE') return `/practices/${hit.id}`;
  return `/announcements?id=${hit.id}`;
}
