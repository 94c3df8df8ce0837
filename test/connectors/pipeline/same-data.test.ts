/**
 * The merge's "same data" rule: equal as JSON says, whatever the order of keys, an undefined value
 * counting as absent; the pipeline writes a record, and tells of an event's news, only when it is not.
 */
import { describe, expect, it } from 'vitest';
import { sameData } from '../../../connectors/pipeline/same-data.js';

const service = {
  id: 'svc-1',
  title: { en: 'Licence', zhHant: '牌照', zhHans: '牌照' },
  purposes: ['licence-conversion', 'identity-verification'],
  steps: [{ n: 1, text: 'apply' }],
  url: null,
};

const ROWS: [string, boolean, unknown, unknown][] = [
  ['the same record', true, service, structuredClone(service)],
  [
    'the same record with its keys in another order',
    true,
    service,
    {
      url: null,
      steps: service.steps,
      purposes: service.purposes,
      title: { zhHans: '牌照', en: 'Licence', zhHant: '牌照' },
      id: 'svc-1',
    },
  ],
  ['a key that is undefined on one side and absent on the other', true, { ...service, note: undefined }, service],
  ['a changed text in one language', false, service, { ...service, title: { ...service.title, zhHans: '执照' } }],
  ['list items in another order', false, service, { ...service, purposes: [...service.purposes].reverse() }],
  ['a list one item longer', false, service, { ...service, steps: [...service.steps, { n: 2, text: 'pay' }] }],
  ['null against an absent key', false, service, { ...service, url: undefined }],
  ['a key more', false, service, { ...service, agency: 'hk-td' }],
  ['a list against an object with the same entries', false, ['a'], { 0: 'a' }],
  ['a number against its string', false, { v: 1 }, { v: '1' }],
  ['two equal strings', true, 'x', 'x'],
];

describe('sameData', () => {
  it.each(ROWS)('%s: the same data is %s', (_title, same, a, b) => {
    expect(sameData(a, b)).toBe(same);
    expect(sameData(b, a)).toBe(same);
  });

  it('agrees with comparing JSON encodings wherever keys come in the same order', () => {
    for (const [, , a, b] of ROWS) {
      const json = JSON.stringify(a) === JSON.stringify(b);
      if (json) expect(sameData(a, b)).toBe(true);
    }
  });
});
