/**
 * A partner's edit of a published practice keeps the version it replaces, as `sharePractice` does:
 * `version` counts up, the earlier version is a PracticeVersion (`Practice.versions`). The edit replaces
 * the languages it gives (a Chinese script given alone converted for the other) and keeps English it does
 * not give. The same text again is no new version. Found by a tester (probe 9 row 16): the edits were
 * made in place, version 1, `versions` empty, the earlier text lost. Through `gba ingest` into a seeded store.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Practice } from '../../schema/domain/index.js';
import { SqliteGraphStore } from '../../services/graph/sqlite/sqlite-graph-store.js';
import { gbaIn } from '../support/gba-cli.js';
import { sample } from '../support/pipeline-events.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir();
afterAll(() => dir.remove());
// The connectors' clock: 2026-11-15 12:00 +08:00.
const gba = gbaIn(dir.path);

type Json = Record<string, unknown> & { id: string; data: Record<string, unknown> };
const HK_PRAC = 'prac-hk-td-direct-issue-in-iamsmart';
const CN_PRAC = 'prac-gz-nansha-self-service-area';
const TD = 'urn:gba:hk:td';
/** DPO's share of the TD practice in iAM Smart, as event `id` at `time`, its data changed by `data`. */
const hk = (id: string, time: string, data: Record<string, unknown>): Json => {
  const e = sample('hk-inbound', 'eda9b461-99ae-5a9e-8089-e8f242892b9b') as Json;
  return { ...e, id, time, data: { ...e.data, sharedAt: time, ...data } };
};
/** Suihaoban's share of Nansha's self-service practice, as event `id` at `time`. */
const cn = (id: string, time: string, data: Record<string, unknown>): Json => {
  const e = sample('mainland-inbound', 'SHB-20260125100000-0008') as Json;
  return { ...e, id, time, data: { ...e.data, ...data } };
};

async function practice(id: string) {
  const store = new SqliteGraphStore({ path: join(dir.path, 'gba.db') });
  try {
    const [current] = await store.getByIds('Practice', [id]);
    const versions = await store.find('PracticeVersion', {
      where: [{ field: 'practice', op: 'in', values: [id] }],
      first: 100,
    });
    return {
      current,
      versions: versions.records.map((v) => v.content).toSorted((a, b) => (a.version ?? 1) - (b.version ?? 1)),
    };
  } finally {
    await store.close();
  }
}

// [title, event, topic, practice, the versions after it: each version's title ([en, zhHant, zhHans])]
const ROWS: [string, Json, string, string, [string, string, string][]][] = [
  [
    'DPO edits the title in English and Traditional',
    hk('pv-hk-1', '2026-11-15T10:00:00+08:00', { title: { en: 'Edited title', zhHant: '新標題' } }),
    'gba.inbound.hk',
    HK_PRAC,
    [
      ['<seed>', '<seed>', '<seed>'],
      ['Edited title', '新標題', '新标题'],
    ],
  ],
  [
    'DPO sends the same text again',
    hk('pv-hk-2', '2026-11-15T10:30:00+08:00', { title: { en: 'Edited title', zhHant: '新標題' } }),
    'gba.inbound.hk',
    HK_PRAC,
    [
      ['<seed>', '<seed>', '<seed>'],
      ['Edited title', '新標題', '新标题'],
    ],
  ],
  [
    'DPO edits it again',
    hk('pv-hk-3', '2026-11-15T11:00:00+08:00', { title: { en: 'Third title', zhHant: '第三標題' } }),
    'gba.inbound.hk',
    HK_PRAC,
    [
      ['<seed>', '<seed>', '<seed>'],
      ['Edited title', '新標題', '新标题'],
      ['Third title', '第三標題', '第三标题'],
    ],
  ],
  [
    'TD edits it at the same time as the version held (11:00), another text: recorded only',
    { ...hk('pv-td-1', '2026-11-15T11:00:00+08:00', { title: { en: 'Same time', zhHant: '同時' } }), source: TD },
    'gba.inbound.hk',
    HK_PRAC,
    [
      ['<seed>', '<seed>', '<seed>'],
      ['Edited title', '新標題', '新标题'],
      ['Third title', '第三標題', '第三标题'],
    ],
  ],
  [
    'Suihaoban edits the title in Simplified: the English is kept',
    cn('pv-cn-1', '2026-11-15T10:00:00+08:00', { biaoti: '南沙自助服务区新标题', fabu_sj: '2026-11-15 10:00:00' }),
    'gba.inbound.mainland',
    CN_PRAC,
    [
      ['<seed>', '<seed>', '<seed>'],
      ['<seed>', '南沙自助服務區新標題', '南沙自助服务区新标题'],
    ],
  ],
];

describe('a partner’s edit of a published practice', () => {
  const seeded = new Map<string, Practice>();
  beforeAll(async () => {
    expect((await gba(['seed'])).code).toBe(0);
    for (const id of [HK_PRAC, CN_PRAC]) {
      const { current, versions } = await practice(id);
      expect(current?.version ?? 1).toBe(1);
      expect(versions).toEqual([]);
      if (current) seeded.set(id, current);
    }
  });

  it.each(ROWS)('%s', async (_title, event, topic, id, expected) => {
    const file = join(dir.path, `${event.id}.jsonl`);
    writeFileSync(file, `${JSON.stringify(event)}\n`);
    const ingest = await gba(['ingest', file, '--topic', topic]);
    expect(ingest.code, ingest.out.join('\n')).toBe(0);
    const { current, versions } = await practice(id);
    const seed = seeded.get(id)?.title;
    const titles = [...versions, current].map((p) => [p?.title.en, p?.title.zhHant, p?.title.zhHans]);
    const want = expected.map(([en, zhHant, zhHans]) => [
      en === '<seed>' ? seed?.en : en,
      zhHant === '<seed>' ? seed?.zhHant : zhHant,
      zhHans === '<seed>' ? seed?.zhHans : zhHans,
    ]);
    expect(titles).toEqual(want);
    // Numbered 1, 2, …: the current one last, each earlier one kept whole.
    expect([...versions, current].map((p) => p?.version ?? 1)).toEqual(want.map((_, i) => i + 1));
    expect(versions[0]).toEqual(seeded.get(id));
  });

  // Found by a tester (probe 12 row 56): both became versions, the last to arrive winning.
  it('two systems’ edits at one time, in one ingest: the first is the version, the other recorded only', async () => {
    const at = '2026-11-15T11:30:00+08:00';
    const lines = [
      { ...hk('pv-td-2', at, { title: { en: 'TD concurrent A', zhHant: '甲' } }), source: TD },
      hk('pv-hk-4', at, { title: { en: 'DPO concurrent B', zhHant: '乙' } }),
      { ...hk('pv-td-3', at, { title: { en: 'TD same-time C', zhHant: '丙' } }), source: TD },
    ];
    const file = join(dir.path, 'same-time.jsonl');
    writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const ingest = await gba(['ingest', file, '--topic', 'gba.inbound.hk']);
    expect(ingest.code, ingest.out.join('\n')).toBe(0);
    expect(ingest.out.join('\n')).toContain('1 applied, 2 older than the state they concern, recorded only');
    const { current, versions } = await practice(HK_PRAC);
    expect(current).toMatchObject({ version: 4, updatedAt: at, title: { en: 'TD concurrent A' } });
    expect(versions.map((v) => v.title.en)).toEqual([seeded.get(HK_PRAC)?.title.en, 'Edited title', 'Third title']);
  });
});
