/**
 * How the assistant reads where, what kind and which way a question asks (docs/assistant.md):
 * "without going back to Hong Kong" favours the records that offer a way outside Hong Kong; a named
 * app answers for "an app"; what a question compares with ("like iShenzhen") is not what it asks
 * about; and a question asked the other way round from a record (a Mainland licence for a Hong Kong
 * one) is not answered from it. Questions are from the dev split or written for this test.
 */
import { describe, expect, it } from 'vitest';
import { answer } from '../../services/knowledge/assistant/answer.js';
import { type Candidate, rank } from '../../services/knowledge/assistant/rank.js';
import { units } from '../../services/knowledge/assistant/units.js';
import { seededStore } from '../support/seeded-engines.js';

const store = seededStore();
const today = new Date('2026-04-01T00:00:00+08:00');

const concepts = (q: string) => units(q).concepts.map((c) => c.id);

describe('the assistant reads the place, kind and direction of a question', () => {
  it.each([
    ['唔想返香港', true],
    ['不回香港', true],
    ['无须过关', true],
    ['without going back to Hong Kong', true],
    ['instead of crossing the border', true],
    ['我下個月返香港', false],
    ['回香港办', false],
    ['go back to Hong Kong', false],
  ])('reads "%s" as outside Hong Kong: %s', (text, outside) => {
    expect(concepts(text).includes('outside-hk')).toBe(outside);
  });

  it.each([
    ['我喺澳門返工，唔想過關都可以升級智方便+？'],
    ['I work in Dongguan, can I upgrade to iAM Smart+ there instead of crossing the border?'],
    ['在澳门工作的香港人能在当地开通智方便+吗'],
  ])('answers "%s" from the self-registration kiosks outside Hong Kong, not the app', async (question) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(true);
    expect(a.citations[0]?.id).toBe('svc-hk-iamsmart-selfreg-kiosk');
  });

  // Search's order breaks ties (0.001 a place); ten places is a lead the right record must not need.
  const others = ['svc-gz-12345-hotline', 'svc-hk-1823-enquiry', 'svc-hk-bd-chatbot', 'svc-sz-shenxiaoi'];
  it.each([
    [
      'the app ten places ahead',
      ['svc-hk-iamsmart-registration', ...others, ...others, 'svc-hk-iamsmart-selfreg-kiosk'],
    ],
    ['the kiosks ahead', ['svc-hk-iamsmart-selfreg-kiosk', 'svc-hk-iamsmart-registration']],
  ])('ranks the kiosks outside Hong Kong first for a question about Macao, with %s in search', async (_, order) => {
    const records = new Map((await store.getByIds('Service', [...new Set(order)])).map((r) => [r?.id, r]));
    const candidates = order.map((id) => ({ label: 'Service', record: records.get(id) }) as Candidate);
    const question = '在澳门工作的香港人能在当地开通智方便+吗';
    expect(rank(question, units(question), candidates)[0]?.record.id).toBe('svc-hk-iamsmart-selfreg-kiosk');
  });

  it.each([
    ['Is there a Guangzhou app like iShenzhen for city services?', 'ishenzhen'],
    ['廣州有冇好似i深圳咁嘅App？', 'ishenzhen'],
    ['有没有类似粤省事的广州App', 'yueshengshi'],
  ])('does not take what "%s" compares with for what it asks', (question, compared) => {
    expect(concepts(question)).not.toContain(compared);
    expect(concepts(question)).toContain('app');
  });

  it('still reads "would like" as a wish, keeping what follows', () => {
    expect(concepts('I would like iAM Smart on my phone')).toContain('iam-smart');
  });

  it('answers "广州有没有一个手机App能办全市政务" from a Guangzhou app the records name', async () => {
    const a = await answer(store, '广州有没有一个手机App能办全市政务', { today });
    expect(a.known).toBe(true);
    expect(a.citations.map((c) => c.id)).toContain('svc-gz-suihaoban');
    expect(a.citations[0]?.id).not.toMatch(/ishenzhen/);
  });

  // A service and a record of another kind both answer, and the one ranked lower (by the kind
  // preferred) holds more of the question: which answers is a guess, so both are offered.
  it.each([
    ['Is there a Guangzhou app like iShenzhen for city services?', 'svc-gz-suihaoban', 'prac-gz-suihaoban-one-network'],
    [
      'Does the GBA Standard Contract cover industry data as well as personal information?',
      'svc-hk-gba-sc-filing',
      'prac-gba-standard-contract',
    ],
  ])('declines "%s", offering both %s and %s first', async (question, service, other) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(false);
    expect(a.suggestions.slice(0, 3).map((s) => s.id)).toEqual(expect.arrayContaining([service, other]));
    expect(a.suggestions[0]?.id).not.toMatch(/ishenzhen/);
  });

  // A question dated to a day or month asks what held then, which the notices say with their dates; a
  // question naming a notice asks about the notice (whether it was a major one): only notices are
  // announced and say so. What held before a thing was brought in, the technology it is built on,
  // why it was built so and how often it is used are its practice's.
  it.each([
    ['2026年1月中去牌照事務處即場攞籌辦直接簽發，仲得唔得？', 'ann-hk-td-direct-issue-no-onsite-tickets'],
    [
      'If I go to the licensing office on 20 Jan 2026, can I still get an on-site ticket for direct issue?',
      'ann-hk-td-direct-issue-no-onsite-tickets',
    ],
    ['2025年3月我想用深小i，当时上线了吗？', 'ann-sz-shenxiaoi-launch'],
    ['Could I use the GBA Standard Contract in October 2023?', 'ann-hk-gba-standard-contract'],
    [
      'Was the notice about the Hong Kong kiosk opening in Dongguan a major announcement?',
      'ann-hk-cbps-kiosk-dongguan',
    ],
    ['深小i上线那个公告算不算重要公告？', 'ann-sz-shenxiaoi-launch'],
    ['澳門嗰部香港自助機啟用嘅通告係咪列做重大公告?', 'ann-hk-cbps-kiosk-macao'],
    ['穗好办推出之前，广州各部门办事有什么问题？', 'prac-gz-suihaoban-one-network'],
    ['未有穗好辦之前，廣州市民辦事要點？', 'prac-gz-suihaoban-one-network'],
    ['深港跨境數據驗證平台用咗咩技術？', 'prac-hk-sz-data-validation'],
    ['Which technology does the Shenzhen-Hong Kong data validation platform use?', 'prac-hk-sz-data-validation'],
    // Why it was built so (Cantonese 點解, as 为什么) and how many times it is used (多少次, as 幾多次):
    // the tenth round.
    ['南沙點解要開個24小時自助服務區？', 'prac-gz-nansha-self-service-area'],
    ['智方便每天大概被使用多少次？', 'prac-hk-iamsmart-one-stop-login'],
  ])('answers "%s" from %s, not the service', async (question, record) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(true);
    expect(a.citations[0]?.id).toBe(record);
  });

  // Three services about one thing say the same of it: a record of another kind within 0.1 of the
  // third takes its place (the practice that tells the history or where they were put).
  it.each([
    ['智方便係邊一年開始推出嘅？', 'prac-hk-iamsmart-one-stop-login'],
    ['澳门的多功能自助机放在大湾区哪些地方？', 'prac-mo-cross-border-self-service'],
  ])('offers for "%s" the practice %s among the first three, not a third service', async (question, practice) => {
    const a = await answer(store, question, { today });
    const first = [...a.citations, ...a.suggestions].slice(0, 3);
    expect(first.map((c) => c.id)).toContain(practice);
    expect(new Set(first.map((c) => c.kind)).size).toBeGreaterThan(1);
  });

  it.each([
    ['How do I swap my Hong Kong driving licence for a mainland one?', 'svc-hk-td-direct-issue-dl'],
    ['喺深圳點樣將香港車牌換做內地車牌？', 'svc-hk-td-direct-issue-dl'],
    ['香港驾照怎么换成内地驾照', 'svc-hk-td-direct-issue-dl'],
    ['智方便可唔可以喺內地交電費？', 'svc-hk-iamsmart-selfreg-kiosk'],
    ['Do Macau residents need a permit to drive in Hengqin?', 'svc-gd-residence-permit'],
    ['How do I get a Hong Kong tax residency certificate while living in Guangzhou?', 'svc-gd-hk-mo-social-insurance'],
  ])('declines "%s" instead of answering from %s', async (question) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.suggestions.length).toBeGreaterThan(0);
  });
});
