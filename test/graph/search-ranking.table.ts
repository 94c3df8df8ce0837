/**
 * Search queries a new official or resident types, with the record that should come first and the
 * records that should be in the top three. Title-style queries name a record (or its misspelling);
 * task-style ones describe what the person wants to do. Kept apart from the assistant's evaluation
 * set (bench/assistant-questions*.json): a test checks that none of these is there.
 */
export interface RankingCase {
  readonly lang: 'en' | 'zhHant' | 'zhHans';
  readonly style: 'title' | 'task';
  readonly query: string;
  readonly top1: string;
  /** Besides top1, records expected within the first three. */
  readonly top3?: readonly string[];
}

export const RANKING_CASES: readonly RankingCase[] = [
  { lang: 'en', style: 'title', query: 'Direct issue of driving licence', top1: 'svc-hk-td-direct-issue-dl' },
  {
    lang: 'en',
    style: 'title',
    query: 'drivng licnce direct isue',
    top1: 'svc-hk-td-direct-issue-dl',
    top3: ['prac-hk-td-direct-issue-in-iamsmart'],
  },
  { lang: 'en', style: 'title', query: 'iAM Smart registration', top1: 'svc-hk-iamsmart-registration' },
  { lang: 'en', style: 'title', query: 'Digital signing iAM Smart+', top1: 'svc-hk-iamsmart-signing' },
  { lang: 'en', style: 'title', query: '1823 enquiry and complaint', top1: 'svc-hk-1823-enquiry' },
  {
    lang: 'en',
    style: 'title',
    query: 'Shen Xiao i assistant',
    top1: 'svc-sz-shenxiaoi',
    top3: ['ann-sz-shenxiaoi-launch'],
  },
  { lang: 'en', style: 'title', query: 'Home Return Permit renewal', top1: 'svc-gd-home-return-permit' },
  {
    lang: 'en',
    style: 'title',
    query: 'GBA Standard Contract filing',
    top1: 'svc-hk-gba-sc-filing',
    top3: ['prac-gba-standard-contract'],
  },
  { lang: 'en', style: 'title', query: 'Macao Government Services Centre moves', top1: 'ann-mo-gsc-relocation' },
  {
    lang: 'en',
    style: 'title',
    query: 'Nansha 24-hour self-service area',
    top1: 'svc-gz-nansha-self-service',
    top3: ['prac-gz-nansha-self-service-area'],
  },
  {
    lang: 'en',
    style: 'title',
    query: 'Yuexinrong data validation',
    top1: 'svc-gd-yuexinrong-validation',
    top3: ['prac-gd-yuexinrong-data-validation'],
  },
  {
    lang: 'en',
    style: 'title',
    query: 'Guangzhou DeepSeek government extranet',
    top1: 'prac-gz-deepseek-gov-services',
  },
  {
    lang: 'en',
    style: 'task',
    query: 'book an appointment at the driving licence counter',
    top1: 'svc-hk-td-counter-appointment',
  },
  { lang: 'en', style: 'task', query: 'renew my full driving licence online', top1: 'svc-hk-td-dl-renewal-online' },
  {
    lang: 'en',
    style: 'task',
    query: 'social insurance for Hong Kong residents working in Guangdong',
    top1: 'svc-gd-hk-mo-social-insurance',
  },
  {
    lang: 'en',
    style: 'task',
    query: 'apply for a residence permit as a Hong Kong resident',
    top1: 'svc-gd-residence-permit',
  },
  {
    lang: 'zhHant',
    style: 'title',
    query: '駕駛執照 直接簽發',
    top1: 'svc-hk-td-direct-issue-dl',
    top3: ['prac-hk-td-direct-issue-in-iamsmart'],
  },
  { lang: 'zhHant', style: 'title', query: '登記智方便', top1: 'svc-hk-iamsmart-registration' },
  { lang: 'zhHant', style: 'title', query: '智方便 數碼簽署', top1: 'svc-hk-iamsmart-signing' },
  { lang: 'zhHant', style: 'title', query: '港澳台居民居住證', top1: 'svc-gd-residence-permit' },
  { lang: 'zhHant', style: 'title', query: '回鄉證 換領', top1: 'svc-gd-home-return-permit' },
  { lang: 'zhHant', style: 'title', query: '深小i', top1: 'svc-sz-shenxiaoi', top3: ['ann-sz-shenxiaoi-launch'] },
  { lang: 'zhHant', style: 'title', query: '跨境公共服務 自助服務機 澳門', top1: 'svc-hk-cbps-kiosk-mo' },
  { lang: 'zhHant', style: 'title', query: '屋宇署聊天機械人', top1: 'svc-hk-bd-chatbot' },
  { lang: 'zhHant', style: 'task', query: '網上續領駕駛執照', top1: 'svc-hk-td-dl-renewal-online' },
  { lang: 'zhHant', style: 'task', query: '預約駕駛執照櫃位服務', top1: 'svc-hk-td-counter-appointment' },
  {
    lang: 'zhHans',
    style: 'title',
    query: '驾驶执照 直接签发',
    top1: 'svc-hk-td-direct-issue-dl',
    top3: ['prac-hk-td-direct-issue-in-iamsmart'],
  },
  { lang: 'zhHans', style: 'title', query: '粤省事', top1: 'svc-gd-yueshengshi' },
  {
    lang: 'zhHans',
    style: 'title',
    query: '穗好办',
    top1: 'svc-gz-suihaoban',
    top3: ['prac-gz-suihaoban-one-network'],
  },
  { lang: 'zhHans', style: 'title', query: '湾事通', top1: 'svc-gd-wanshitong', top3: ['prac-gd-wanshitong'] },
  {
    lang: 'zhHans',
    style: 'title',
    query: '深港跨境数据验证平台',
    top1: 'svc-hk-cross-boundary-data-validation',
    top3: ['prac-hk-sz-data-validation'],
  },
  { lang: 'zhHans', style: 'title', query: '广州12345热线', top1: 'svc-gz-12345-hotline' },
  { lang: 'zhHans', style: 'title', query: '澳琴远程服务柜位', top1: 'svc-mo-remote-counter' },
  {
    lang: 'zhHans',
    style: 'title',
    query: '1823 人工智能 聊天机械人',
    top1: 'ann-hk-1823-chatbot-all-areas',
  },
  { lang: 'zhHans', style: 'task', query: '港澳居民 参加社会保险', top1: 'svc-gd-hk-mo-social-insurance' },
  { lang: 'zhHans', style: 'task', query: '南沙 自助 签注', top1: 'svc-gz-nansha-self-service' },
];

export interface RankingRates {
  readonly cases: number;
  readonly top1: number;
  readonly top3: number;
  readonly misses: readonly string[];
}

/** Runs every case through `search` (first three hits) and counts the hits. */
export async function rankingRates(search: (text: string) => Promise<readonly string[]>): Promise<RankingRates> {
  let top1 = 0;
  let top3 = 0;
  const misses: string[] = [];
  for (const c of RANKING_CASES) {
    const hits = await search(c.query);
    const first = hits[0] === c.top1;
    const three = [c.top1, ...(c.top3 ?? [])].every((id) => hits.slice(0, 3).includes(id));
    top1 += Number(first);
    top3 += Number(three);
    if (!first || !three) misses.push(`${c.query} → ${hits.slice(0, 3).join(', ')}`);
  }
  return { cases: RANKING_CASES.length, top1: top1 / RANKING_CASES.length, top3: top3 / RANKING_CASES.length, misses };
}
