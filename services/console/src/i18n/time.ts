/**
 * Times as people in the Greater Bay Area read them: every instant in Hong Kong/China time
 * (Asia/Hong_Kong, +08:00, no daylight saving), whatever zone the API wrote it in, so a Z time and
 * a +08:00 time never sit side by side as if comparable. A date-only value ("2026-02-03") is a
 * calendar date, shown as it is.
 */
import type { Language } from './pick.ts';

const ZONE = 'Asia/Hong_Kong';
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const parts = (iso: string, lang: Language, time: boolean): Record<string, string> => {
  const fmt = new Intl.DateTimeFormat(lang === 'en' ? 'en-CA' : lang, {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...(time ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const } : {}),
  });
  return Object.fromEntries(fmt.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
};

/** The calendar date in Hong Kong of an instant, as YYYY-MM-DD; a date-only value unchanged. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (DATE_ONLY.test(iso)) return iso;
  if (Number.isNaN(Date.parse(iso))) return iso;
  const p = parts(iso, 'en', false);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as date and time in Hong Kong, with the zone named in the chosen language. */
export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '—';
  if (DATE_ONLY.test(iso) || Number.isNaN(Date.parse(iso))) return iso;
  const p = parts(iso, lang, true);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${ZONE_LABEL[lang]}`;
}

const ZONE_LABEL: Record<Language, string> = { en: 'HKT', 'zh-Hant': '香港時間', 'zh-Hans': '香港时间' };
