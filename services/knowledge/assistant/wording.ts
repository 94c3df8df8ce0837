/** The assistant's fixed wording in each script, and a service written out for an answer. */
import type { Service } from '../../../schema/domain/index.js';
import type { Script } from '../../graph/search/text.js';

type Words = Record<
  'who' | 'steps' | 'channels' | 'more' | 'changed' | 'willChange' | 'unknown' | 'also' | 'none',
  string
>;

export const WORDS: Record<Script, Words> = {
  en: {
    who: 'Who can use it',
    steps: 'Steps',
    channels: 'Channels',
    more: 'More',
    changed: 'Since {date} it has changed',
    willChange: 'From {date} it will change',
    unknown: 'I could not find this in the records of GBA Exchange. The closest records are:',
    also: 'See also',
    none: 'I could not find this in the records of GBA Exchange.',
  },
  zhHant: {
    who: '適用對象',
    steps: '步驟',
    channels: '渠道',
    more: '詳情',
    changed: '自{date}起有變',
    willChange: '由{date}起將有變',
    unknown: '大灣區服務平台的紀錄中未有這方面的資料。最接近的紀錄是:',
    also: '另見',
    none: '大灣區服務平台的紀錄中未有這方面的資料。',
  },
  zhHans: {
    who: '适用对象',
    steps: '步骤',
    channels: '渠道',
    more: '详情',
    changed: '自{date}起有变',
    willChange: '自{date}起将有变',
    unknown: '大湾区服务平台的记录中没有这方面的资料。最接近的记录是:',
    also: '另见',
    none: '大湾区服务平台的记录中没有这方面的资料。',
  },
};

const CHANNELS: Record<Script, Record<string, string>> = {
  en: { online: 'online', app: 'app', kiosk: 'kiosk', counter: 'counter', phone: 'phone' },
  zhHant: { online: '網上', app: '手機應用程式', kiosk: '自助服務機', counter: '櫃檯', phone: '電話' },
  zhHans: { online: '在线', app: '手机应用', kiosk: '自助机', counter: '窗口', phone: '电话' },
};

export function describeService(s: Service, lang: Script): string {
  const w = WORDS[lang];
  const steps = s.steps.map((step, i) => `${i + 1}. ${step[lang]}`).join(' ');
  const channels = s.channels.map((c) => CHANNELS[lang][c] ?? c).join(lang === 'en' ? ', ' : '、');
  return [
    `${s.title[lang]}: ${s.summary[lang]}`,
    `${w.who}: ${s.eligibility[lang]}`,
    `${w.steps}: ${steps}`,
    `${w.channels}: ${channels}`,
    ...(s.url ? [`${w.more}: ${s.url}`] : []),
  ].join('\n');
}
