/** The console's own text in three languages, the first language from the browser's, and the CSV export. */
import { describe, expect, it } from 'vitest';
import { en } from '../../services/console/src/i18n/en.ts';
import { pickLanguage } from '../../services/console/src/i18n/pick.ts';
import { zhHans } from '../../services/console/src/i18n/zh-hans.ts';
import { zhHant } from '../../services/console/src/i18n/zh-hant.ts';
import { type ComparisonRow, toCsv } from '../../services/console/src/pages/compare-data.ts';

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function values(messages: object): string[] {
  return Object.values(messages).flatMap((v) => (typeof v === 'object' && v !== null ? values(v) : [String(v)]));
}

describe('the console’s text', () => {
  it.each([
    ['Traditional Chinese', zhHant],
    ['Simplified Chinese', zhHans],
  ])('has every English key in %s, with the same placeholders', (_name, messages) => {
    expect(keys(messages)).toEqual(keys(en));
    const placeholders = (m: object) => values(m).map((v) => [...v.matchAll(/{{\w+}}/g)].join());
    expect(placeholders(messages)).toEqual(placeholders(en));
  });

  it('writes Simplified text in Simplified characters (no Traditional-only forms left by hand)', () => {
    const traditionalOnly = /[這個們發佈說於過來時間區動態資訊]/;
    expect(values(zhHans).filter((v) => traditionalOnly.test(v))).toEqual([]);
  });
});

describe('the first language', () => {
  it.each([
    [['zh-HK', 'en'], 'zh-Hant'],
    [['zh-TW'], 'zh-Hant'],
    [['zh-Hant-MO'], 'zh-Hant'],
    [['zh-CN', 'en'], 'zh-Hans'],
    [['zh'], 'zh-Hans'],
    [['zh-SG'], 'zh-Hans'],
    [['en-GB', 'zh-HK'], 'en'],
    [['fr-FR', 'zh-HK'], 'zh-Hant'],
    [['fr-FR'], 'en'],
    [[], 'en'],
  ])('follows the browser’s languages %j to %s', (preferred, expected) => {
    expect(pickLanguage(preferred)).toBe(expected);
  });
});

describe('the comparison CSV', () => {
  const row = (id: string, name: string, zero: number | null): ComparisonRow => ({
    jurisdiction: { id, name: { en: name, zhHant: name, zhHans: name } },
    services: [{ id: 's', title: { en: '', zhHant: '', zhHans: '' }, channels: ['KIOSK'], zeroRedirection: true }],
    practices: [],
    channels: [{ channel: 'KIOSK', services: 1 }],
    onlineShare: 0,
    zeroRedirectionShare: zero,
    paperlessShare: 0.5,
    faceToFaceRequiredShare: null,
  });

  it('has a header, one line per jurisdiction, whole percentages, quoted names and CRLF line ends', () => {
    const csv = toCsv([row('HK', 'Hong Kong, SAR', 1), row('SZ', 'Shenzhen "city"', null)], (t) => t.en);
    expect(csv.split('\r\n')).toEqual([
      'jurisdiction,services,practices,online_pct,zero_redirection_pct,paperless_pct,face_to_face_pct,channel_online,channel_app,channel_kiosk,channel_counter,channel_phone',
      '"Hong Kong, SAR",1,0,0,100,50,,0,0,1,0,0',
      '"Shenzhen ""city""",1,0,0,,50,,0,0,1,0,0',
    ]);
  });
});
