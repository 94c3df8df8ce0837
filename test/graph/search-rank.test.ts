/** The final order of search hits (services/graph/search/rank.ts), the rule both graph adapters share. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rankCandidates, type SearchCandidate } from '../../services/graph/search/rank.js';
import { indexText } from '../../services/graph/search/text.js';
import { RANKING_CASES } from './search-ranking.table.js';

const candidate = (label: SearchCandidate['label'], id: string, title: string, body = '', score = 1) => ({
  label,
  id,
  score,
  title: indexText(title),
  body: indexText(body),
});

const order = (text: string, candidates: SearchCandidate[]) => rankCandidates(text, candidates, 10).map((h) => h.id);

describe('search ranking', () => {
  it.each([
    {
      rule: 'a title match outranks a body match, whatever the engine scored',
      text: 'kiosk appointments',
      candidates: [
        candidate('Service', 'body', 'Counter services', 'kiosk appointments kiosk appointments', 50),
        candidate('Service', 'title', 'Kiosk appointments', '', 1),
      ],
      expected: ['title', 'body'],
    },
    {
      rule: 'at equal title match, a service and a practice come before the announcement about them',
      text: 'kiosk appointments',
      candidates: [
        candidate('Announcement', 'ann', 'Kiosk appointments open', '', 30),
        candidate('Practice', 'prac', 'Kiosk appointments for residents', '', 20),
        candidate('Service', 'svc', 'Kiosk appointments in Shenzhen', '', 10),
      ],
      expected: ['svc', 'prac', 'ann'],
    },
    {
      rule: 'an announcement the query names outright comes before a service it only partly names',
      text: 'Macao services centre moves',
      candidates: [
        candidate('Service', 'svc', 'Macao remote counters', 'services centre', 30),
        candidate('Announcement', 'ann', 'Macao services centre moves', '', 1),
      ],
      expected: ['ann', 'svc'],
    },
    {
      rule: 'a misspelt word still names the title',
      text: 'drivng licnce direct isue',
      candidates: [
        candidate('Service', 'renewal', 'Online renewal of a driving licence', '', 9),
        candidate('Service', 'direct', 'Direct issue of a driving licence', '', 1),
      ],
      expected: ['direct', 'renewal'],
    },
    {
      rule: 'a Chinese query is matched in either script and judged on the Chinese title only',
      text: '駕駛執照 直接簽發',
      candidates: [
        candidate('Announcement', 'ann', '直接签发驾驶执照柜位须网上预约 Online booking for direct issue', '', 9),
        candidate('Service', 'svc', '直接簽發香港駕駛執照 Direct issue of a Hong Kong driving licence', '', 1),
      ],
      expected: ['svc', 'ann'],
    },
  ])('$rule', ({ text, candidates, expected }) => {
    expect(order(text, candidates)).toEqual(expected);
  });

  it('scores each hit above the next and keeps to first', () => {
    const hits = rankCandidates(
      'kiosk',
      [
        candidate('Service', 'a', 'Kiosk'),
        candidate('Announcement', 'b', 'Kiosk'),
        candidate('Practice', 'c', 'x', 'kiosk'),
      ],
      2,
    );
    expect(hits.map((h) => h.id)).toEqual(['a', 'b']);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? Number.POSITIVE_INFINITY);
  });
});

describe('the ranking table', () => {
  it('has at least 30 queries in each of English, Traditional and Simplified Chinese, title- and task-style', () => {
    expect(RANKING_CASES.length).toBeGreaterThanOrEqual(30);
    for (const lang of ['en', 'zhHant', 'zhHans'] as const) {
      expect(RANKING_CASES.filter((c) => c.lang === lang).length).toBeGreaterThanOrEqual(8);
    }
    for (const style of ['title', 'task'] as const) expect(RANKING_CASES.some((c) => c.style === style)).toBe(true);
  });

  it('shares no query with the assistant’s evaluation set', () => {
    const questions = ['dev', 'test'].flatMap((set) =>
      (
        JSON.parse(readFileSync(new URL(`../../bench/assistant-questions.${set}.json`, import.meta.url), 'utf8')) as {
          question: string;
        }[]
      ).map((q) => q.question.toLowerCase()),
    );
    expect(questions.length).toBeGreaterThan(0);
    for (const c of RANKING_CASES) expect(questions).not.toContain(c.query.toLowerCase());
  });
});
