import type { LocalizedText } from '../i18n/pick.ts';

export const CHANNELS = ['ONLINE', 'APP', 'KIOSK', 'COUNTER', 'PHONE'] as const;

export interface ComparisonRow {
  jurisdiction: { id: string; name: LocalizedText };
  services: { id: string; title: LocalizedText; channels: string[]; zeroRedirection: boolean }[];
  practices: { id: string; title: LocalizedText }[];
  channels: { channel: string; services: number }[];
  onlineShare: number | null;
  zeroRedirectionShare: number | null;
  paperlessShare: number | null;
  faceToFaceRequiredShare: number | null;
}

export const COMPARE = `query Compare($topic: ID!, $jurisdictions: [ID!]) {
  compare(topic: $topic, jurisdictions: $jurisdictions) {
    topic { id name { en zhHant zhHans } }
    rows {
      jurisdiction { id name { en zhHant zhHans } }
      services { id title { en zhHant zhHans } channels zeroRedirection }
      practices { id title { en zhHant zhHans } }
      channels { channel services }
      onlineShare zeroRedirectionShare paperlessShare faceToFaceRequiredShare
    }
  }
}`;

const pct = (v: number | null) => (v === null ? '' : String(Math.round(v * 100)));

/** RFC 4180: fields quoted where needed, CRLF line ends; shares as whole percentages. */
export function toCsv(rows: readonly ComparisonRow[], pick: (t: LocalizedText) => string): string {
  const header = [
    'jurisdiction',
    'services',
    'practices',
    'online_pct',
    'zero_redirection_pct',
    'paperless_pct',
    'face_to_face_pct',
    ...CHANNELS.map((c) => `channel_${c.toLowerCase()}`),
  ];
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = rows.map((r) =>
    [
      pick(r.jurisdiction.name),
      String(r.services.length),
      String(r.practices.length),
      pct(r.onlineShare),
      pct(r.zeroRedirectionShare),
      pct(r.paperlessShare),
      pct(r.faceToFaceRequiredShare),
      ...CHANNELS.map((c) => String(r.channels.find((x) => x.channel === c)?.services ?? 0)),
    ]
      .map(quote)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n');
}
