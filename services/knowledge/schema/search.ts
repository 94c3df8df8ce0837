import type { Announcement, LocalizedText, Practice, Service } from '../../../schema/domain/index.js';
import type { SearchableLabel } from '../../../schema/domain/queryable.js';
import { badUserInput } from '../../../schema/errors.js';
import { detectScript, type Script } from '../../graph/search/text.js';
import { loadMany } from '../context.js';
import { snippet } from '../snippet.js';
import { builder } from './builder.js';
import { jurisdictionArg } from './jurisdiction.js';
import { LocalizedTextRef } from './localized-text.js';

export const LangEnum = builder.enumType('Lang', {
  description: 'A language, as BCP 47 tags name it: EN = en, ZH_HANT = zh-Hant, ZH_HANS = zh-Hans.',
  values: {
    EN: { value: 'en', description: 'English (en).' },
    ZH_HANT: { value: 'zhHant', description: 'Traditional Chinese (zh-Hant); LocalizedText.zhHant.' },
    ZH_HANS: { value: 'zhHans', description: 'Simplified Chinese (zh-Hans); LocalizedText.zhHans.' },
  } as const,
});

const SearchKind = builder.enumType('SearchKind', {
  values: {
    SERVICE: { value: 'Service' },
    PRACTICE: { value: 'Practice' },
    ANNOUNCEMENT: { value: 'Announcement' },
  } as const,
});

interface Hit {
  readonly kind: SearchableLabel;
  readonly id: string;
  readonly title: LocalizedText;
  readonly snippet: string;
  readonly score: number;
}

const SearchHitRef = builder.objectRef<Hit>('SearchHit').implement({
  fields: (t) => ({
    kind: t.field({ type: SearchKind, resolve: (h) => h.kind }),
    id: t.exposeID('id'),
    title: t.field({ type: LocalizedTextRef, resolve: (h) => h.title }),
    snippet: t.exposeString('snippet', { description: 'An excerpt in the asked (or detected) language.' }),
    score: t.exposeFloat('score', { description: 'Relevance; higher is better, comparable within one answer.' }),
  }),
});

const MAX_TEXT = 500;
const MAX_HITS = 50;

function body(kind: SearchableLabel, record: Service | Practice | Announcement): LocalizedText {
  return kind === 'Announcement' ? (record as Announcement).body : (record as Service | Practice).summary;
}

builder.queryField('search', (t) =>
  t.field({
    description:
      'Ranked hits across services, practices and announcements, in English, Traditional or Simplified Chinese alike.',
    type: [SearchHitRef],
    args: {
      text: t.arg.string({ required: true }),
      lang: t.arg({ type: LangEnum, required: false, description: 'Language of the snippets; detected when absent.' }),
      kinds: t.arg({ type: [SearchKind], required: false }),
      first: t.arg.int({ required: false, defaultValue: 10 }),
      jurisdictions: t.arg.idList({
        required: false,
        description: 'Only records of these jurisdictions (a service’s providing side); all when absent.',
      }),
    },
    resolve: async (_root, args, ctx) => {
      const text = args.text.trim();
      if (text.length === 0 || text.length > MAX_TEXT)
        throw badUserInput('text', `must be 1 to ${MAX_TEXT} characters`);
      const first = args.first ?? 10;
      if (!Number.isInteger(first) || first < 1 || first > MAX_HITS) {
        throw badUserInput('first', `must be a whole number from 1 to ${MAX_HITS}`);
      }
      const labels = args.kinds?.length ? args.kinds : (['Service', 'Practice', 'Announcement'] as const);
      const lang: Script = args.lang ?? detectScript(text);
      const jurisdictions = (args.jurisdictions ?? []).map((j, i) => jurisdictionArg(String(j), `jurisdictions.${i}`));
      const hits = await ctx.store.search({ text, labels, first, jurisdictions });
      const records = new Map<string, Service | Practice | Announcement>();
      for (const kind of new Set(hits.map((h) => h.label))) {
        const ids = hits.filter((h) => h.label === kind).map((h) => h.id);
        for (const r of await loadMany(ctx.loaders, kind, ids)) records.set(`${kind}:${r.id}`, r);
      }
      return hits.flatMap((h) => {
        const record = records.get(`${h.label}:${h.id}`);
        if (!record) return [];
        return [
          {
            kind: h.label,
            id: h.id,
            title: record.title,
            snippet: snippet(body(h.label, record)[lang], text),
            score: h.score,
          },
        ];
      });
    },
  }),
);
