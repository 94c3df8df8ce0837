/**
 * The classes of error the blind questions of 2026-11-30 showed, each as a rule with its own cases
 * (docs/assistant.md): a compound read by its first word, an asked facet the record does not give, a
 * title that only mentions the asked action, whose services are asked for, and where the asker's
 * household is registered. Questions are written for this test, not taken from the question files.
 */
import { describe, expect, it } from 'vitest';
import { answer } from '../../services/knowledge/assistant/answer.js';
import { actionsIn, offersActions } from '../../services/knowledge/assistant/document-actions.js';
import { askedFacets } from '../../services/knowledge/assistant/facets.js';
import { askedGroups, namedGroups, servesGroups } from '../../services/knowledge/assistant/groups.js';
import { ownerOf } from '../../services/knowledge/assistant/owner.js';
import { keyContent, unsupported } from '../../services/knowledge/assistant/support.js';
import { fold, units } from '../../services/knowledge/assistant/units.js';
import { seededStore } from '../support/seeded-engines.js';

const store = seededStore();
const today = new Date('2026-04-01T00:00:00+08:00');

const concepts = (q: string) => units(q).concepts.map((c) => c.id);

/** The records offered for a question the assistant declines (it fails if it answers). */
async function declined(question: string): Promise<string[]> {
  const a = await answer(store, question, { today });
  expect(a.known).toBe(false);
  return a.suggestions.map((s) => s.id);
}

describe('the assistant tells near records apart', () => {
  it.each([
    ['港澳签注', 'hk-macao', 'macao'],
    ['前海企業所得稅', 'corporate-income-tax', 'yueshangtong'],
    ['澳門社保基金', 'social-security-fund', 'social-insurance'],
    ['喺澳門辦橫琴嘅手續', 'hengqin', 'renew'],
    ['继续办理澳门的登记', 'register', 'renew'],
  ])('reads "%s" whole: %s, not %s', (text, whole, part) => {
    expect(concepts(text)).toContain(whole);
    expect(concepts(text)).not.toContain(part);
  });

  it.each([
    ['粤省事几点开门', ['hours']],
    ['What is the fee to register for iAM Smart?', ['fee']],
    ['可以享受15%优惠吗', ['rate']],
    ['how long until my licence arrives', ['duration']],
    ['间公司可以享受15%企业所得税优惠吗', ['rate']],
    ['Can I do it 100% online?', []],
    ['How much time does it take?', []],
    ['Can I open an account?', []],
    ['Who developed this app?', ['maker']],
    ['審批要幾耐？', ['duration', 'review time']],
    ['Can I pay by Octopus?', ['payment']],
    ['幾多歲先可以申請？', ['age']],
    ['how much did the waiting time fall?', []],
    ['How many kiosks are there in Zhongshan?', ['count']],
    ['How many people use it?', []],
    ['有幾多項服務？', ['count']],
    ['How long does the approval take?', ['duration', 'review time']],
    ['I forgot my password', ['trouble']],
    ['人面識別成日失敗', ['trouble']],
    ['前海嗰部機星期六有開㗎?', ['hours', 'days']],
    ['Is it open on public holidays?', ['hours', 'days']],
    ['广州12345可以讲粤语吗', ['cantonese']],
    ['Does it speak English or Putonghua?', ['putonghua', 'english']],
    ["What's the address of the centre?", ['location']],
    ['粵智助擺咗喺邊度?', ['location']],
    ['填表通能保存我的地址吗', []],
    ['When will it be released to the public?', ['launch date', 'public launch date']],
    ['How do I cancel my Home Return Permit appointment?', ['reschedule']],
    ['換咗新手機，智方便點轉移？', ['device change']],
    ['How do I set up iAM Smart on my new phone?', []],
    ['每月缴费基数和比例是多少', ['rate']],
    ['Is my signature recognised on the Mainland?', ['recognition']],
    // "Which" departments is not "how many".
    ['哪几个部门联合发布的?', []],
  ])('hears in "%s" the facets %j', (question, facets) => {
    expect(askedFacets(fold(question)).map((f) => f.name)).toEqual(facets);
  });

  it.each([
    ['粤省事几点开门', 'svc-gd-yueshengshi'],
    ['What is the fee to register for iAM Smart?', 'svc-hk-iamsmart-registration'],
    ['How much does it cost to use the Hong Kong services kiosk in Dongguan?', 'svc-hk-cbps-kiosk-dg'],
    // The record says "pay the fee" and gives no amount.
    ['How much is the fee for the direct issue of a Hong Kong driving licence?', 'svc-hk-td-direct-issue-dl'],
    ['Who developed Shen Xiao i?', 'svc-sz-shenxiaoi'],
  ])('declines "%s", which asks a facet %s does not give, and offers it', async (question, closest) => {
    expect((await declined(question))[0]).toBe(closest);
  });

  it.each([
    ['前海嘅香港自助機幾點開？', 'svc-hk-cbps-kiosk-sz'],
    ['My licence expires soon, can I renew my Hong Kong driving licence online?', 'svc-hk-td-dl-renewal-online'],
    ['Is there a machine in Hong Kong where I can use Guangdong government services?', 'svc-gd-cbps-yuezhizhu'],
    ['Where in Guangzhou is there a kiosk for Hong Kong government services?', 'svc-hk-cbps-kiosk-gz'],
    ['我是深圳户口，在南沙可以自助办港澳签注吗', 'svc-gz-nansha-self-service'],
    ['我是香港人，在深圳住了一年，可以办居住证吗？', 'svc-gd-residence-permit'],
    ['我喺深圳遺失咗回鄉證，點補領？', 'svc-gd-home-return-permit'],
    [
      'My Mainland licence expired two years ago, can I still get a Hong Kong licence without a test?',
      'svc-hk-td-direct-issue-dl',
    ],
    ['Where is Macao’s self-service kiosk in Zhongshan?', 'svc-mo-cross-border-kiosks'],
    // For the asker's group, every subject in its summary: answers though its title names the channel.
    ['我係澳門居民，住喺江門，可唔可以喺當地查社保基金供款？', 'svc-mo-cross-border-kiosks'],
    // The service gives no duration; the practice beside it, as close, does ("about a minute").
    ['How long does one check on the Shenzhen–Hong Kong data validation platform take?', 'prac-hk-sz-data-validation'],
    [
      'When did TD stop issuing on-site queue tickets for the direct issue?',
      'ann-hk-td-direct-issue-no-onsite-tickets',
    ],
  ])('answers "%s" from %s', async (question, id) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(true);
    expect(a.citations[0]?.id).toBe(id);
  });

  it.each([
    // A venue in the clause that names the asked place, not beside another place's centre.
    ["What's the address of the kiosk in Dongguan?", ['on 2/F of the Dongguan Citizen Service Center'], []],
    [
      "What's the address of the kiosk in Hong Kong?",
      ['the first one in Hong Kong, and one at the Macao Government Services Centre'],
      ['no location given'],
    ],
    // A launch date in a sentence naming the asked subject, not another system's roll-out.
    [
      'When will HKGAI be released?',
      ['HKGAI was tested. A copilot was launched in mid-2024.'],
      ['no launch date given'],
    ],
    ['When will HKGAI be released?', ['HKGAI V1 was launched in March 2025.'], []],
    [
      'When will HKGAI be released to the public?',
      ['HKGAI was launched to staff in March 2025. Audits precede its public launch.'],
      ['no public launch date given'],
    ],
    ['When will HKGAI be released to the public?', ['HKGAI will be launched to the public in May 2026.'], []],
    // Districts the glossary does not know, by their district word (those it knows are places).
    ['Is there a kiosk in Xinhui district?', ['a kiosk in Futian district'], ['xinhui not named']],
    ['新会区有没有自助机', ['南沙区有自助机'], ['新会 not named']],
    ['新会区有没有自助机', ['江门市新会区有自助机'], []],
    ['我们区想学深圳的做法', ['深圳的做法'], []],
    ['How much is the fee?', ['Pay the fee at the counter.'], ['no fee given']],
    ['How much is the fee?', ['The fee is HK$900.'], []],
  ])('judges whether "%s" is supported by %j: %j lacking', (question, texts, lacking) => {
    const q = fold(question);
    expect(unsupported(keyContent(q, units(question).concepts), texts.map(fold))).toEqual(lacking);
  });

  it.each([
    ['Can I reschedule my licensing office appointment?', 'svc-hk-td-counter-appointment'],
    ['How do I cancel my Home Return Permit appointment?', 'svc-gd-home-return-permit'],
    ['澳門政府綜合服務中心新址週末開唔開？', 'ann-mo-gsc-relocation'],
    ['Does Shen Xiao i understand English?', 'svc-sz-shenxiaoi'],
    ['宝安区有没有香港跨境服务自助机', 'svc-hk-cbps-kiosk-mo'],
    ['Is there a Hong Kong services kiosk in Longhua?', 'svc-hk-cbps-kiosk-dg'],
    ['Is my iAM Smart+ signature recognised on the Mainland?', 'svc-hk-iamsmart-signing'],
    ['深港数据验证平台可以把香港的数据带去深圳吗', 'svc-hk-cross-boundary-data-validation'],
    ['粵智助喺香港嗰部機擺喺邊座大廈?', 'svc-gd-cbps-yuezhizhu'],
    ['換咗新電話，智方便點轉移？', 'svc-hk-iamsmart-eme'],
    ['香港驾照直接签发要几多钱？', 'svc-hk-td-direct-issue-dl'],
  ])('declines "%s", whose key content %s does not support, and offers it', async (question, near) => {
    expect(await declined(question)).toContain(near);
  });

  it.each([
    ['前海嗰部香港自助機星期日有冇開？', 'svc-hk-cbps-kiosk-sz'],
    ['Can the HKGAI model work in Cantonese?', 'prac-hk-hkgai-v1-trial'],
    ['Is my Mainland driving licence recognised for a direct issue in Hong Kong?', 'svc-hk-td-direct-issue-dl'],
    ['Which floor is the Hong Kong kiosk in Dongguan on?', 'svc-hk-cbps-kiosk-dg'],
    ['When is Shen Xiao i available to the public?', 'ann-sz-shenxiaoi-launch'],
    ['How do I set up iAM Smart on my new phone?', 'svc-hk-iamsmart-registration'],
  ])('answers "%s" from %s, which supports its key content', async (question, id) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(true);
    expect(a.citations[0]?.id).toBe(id);
  });

  it.each([
    ['Hong Kong government services in Guangzhou', ['HK']],
    ['喺香港辦廣東省嘅政務服務', ['GD', 'SZ', 'GZ']],
    ['澳门的公共服务', ['MO']],
    ['a kiosk in Hong Kong', undefined],
    ['is there a Hong Kong kiosk in Zhuhai', ['HK']],
    ['香港政府喺珠海有冇自助服務機', ['HK']],
    ['港府有冇服务点', ['HK']],
    ['my Hong Kong driving licence', undefined],
    // A services centre is a venue: the Hong Kong kiosk in Guangzhou's is Hong Kong's.
    ['廣州政務服務中心嗰部香港自助機', ['HK']],
    ['宝安区有没有香港跨境服务自助机', ['HK']],
  ])('reads in "%s" whose services are asked: %j', (question, owner) => {
    expect(ownerOf(fold(question))).toEqual(owner);
  });

  it.each([
    ['How do I convert it to a Mainland licence?'],
    ['exchange my Hong Kong licence for a Mainland one'],
    ['switch my HK driving licence into a mainland licence'],
  ])('reads "%s" as asking for a Mainland licence, whatever stands between the verb and the Mainland', (q) => {
    expect(concepts(q)).toContain('mainland-licence');
  });

  it('does not hold a question to the place where the asker’s household is registered', () => {
    expect(concepts('我是深圳户口，在南沙办签注')).toEqual(['nansha', 'endorsement']);
  });

  it.each([
    ['Hong Kong, Macao and Taiwan residents living on the Mainland', ['hk', 'mo', 'tw']],
    ['港澳台居民居住证', ['hk', 'mo', 'tw']],
    ['内地居民往来港澳', ['mainland']],
    ['macao residents living in hengqin', ['mo']],
    ['residents of the city', []],
  ])('reads in "%s" the groups of residents %j', (text, groups) => {
    expect([...namedGroups(fold(text))].sort()).toEqual([...groups].sort());
  });

  it.each([
    ['我是湖南人，外地人在深圳可以办居住证吗', ['mainland']],
    ["I'm a foreigner working in Hong Kong", ['foreign']],
    ['我係澳門人', ['mo']],
    ['Can I renew my licence online?', []],
  ])('hears in "%s" who asks: %j', (question, groups) => {
    expect([...askedGroups(fold(question))]).toEqual(groups);
  });

  it('lets a record that names groups answer only one of them, and one that names none anyone', () => {
    const permit = namedGroups(fold('Residence Permit for Hong Kong, Macao and Taiwan Residents'));
    expect(servesGroups(new Set(['mainland']), permit)).toBe(false);
    expect(servesGroups(new Set(['hk']), permit)).toBe(true);
    expect(servesGroups(new Set(), permit)).toBe(true);
    expect(servesGroups(new Set(['foreign']), namedGroups(fold('1823 government enquiry service')))).toBe(true);
  });

  it.each([
    ['I lost my licence, can I replace it?', ['replace']],
    ['駕駛執照續期', ['renew']],
    ['被拒直接签发可以上诉吗', ['direct-issue', 'appeal']],
    // "Expired" is the licence's state, not an asked renewal.
    ['My Mainland licence expired two years ago', []],
    ['内地驾驶证期满换证', ['renew']],
    ['第一次申請回鄉證', ['first-issue']],
  ])('hears in "%s" the document actions %j', (question, names) => {
    expect(actionsIn(fold(question)).map((a) => a.name)).toEqual(names);
  });

  it('lets a record answer an action on a document only when it names it: above its steps if titled for another', () => {
    const renewal = [fold('Online renewal of a full driving licence'), fold('renewed online via GovHK'), 'lost'];
    expect(offersActions(actionsIn('lost my licence'), renewal)).toBe(false);
    expect(offersActions(actionsIn('renew my licence'), renewal)).toBe(true);
    const both = [fold('Renewing or replacing the Home Return Permit'), ''];
    expect(offersActions(actionsIn('lost my permit'), both)).toBe(true);
    // Titled for no action: the action anywhere in it, a step included, and not at all is not enough.
    const counters = fold('Appointments for counter services');
    expect(offersActions(actionsIn('lost my permit'), [counters, ''])).toBe(false);
    expect(
      offersActions(actionsIn('lost my permit'), [counters, '', fold('Book a slot to replace a lost permit')]),
    ).toBe(true);
    expect(offersActions([], [counters, ''])).toBe(true);
  });

  it.each([
    ['我是湖南人，在深圳打工，外地人可以办居住证吗？', 'svc-gd-residence-permit'],
    ["I'm a foreigner working in Hong Kong, can I register for iAM Smart?", 'svc-hk-iamsmart-registration'],
    ['I lost my Hong Kong driving licence, can I get a replacement online?', 'svc-hk-td-dl-renewal-online'],
    ['Can I renew my Mainland driving licence in Hong Kong?', 'svc-hk-td-direct-issue-dl'],
    ['我的驾照被拒直接签发，可以上诉吗？', 'svc-hk-td-direct-issue-dl'],
    ['How do I renew my vehicle licence?', 'svc-hk-td-dl-renewal-online'],
    ['Is there a Hong Kong government kiosk in Zhuhai?', 'svc-mo-cross-border-kiosks'],
    ['香港政府喺珠海有冇自助服務機？', 'svc-hk-cbps-kiosk-mo'],
    ['第一次申請回鄉證可以喺內地辦嗎？', 'svc-gd-home-return-permit'],
    ['我内地驾驶证要换证了，在广州怎么办？', 'svc-hk-td-direct-issue-dl'],
    ["I'm moving to Shenzhen, can I exchange my Hong Kong licence for a Mainland one?", 'svc-hk-td-direct-issue-dl'],
    ["I can't log in to iAM Smart because I forgot the password, what now?", 'svc-hk-iamsmart-registration'],
  ])('declines the near miss "%s": %s is about another group, action, owner or place', async (question, near) => {
    expect(await declined(question)).toContain(near);
  });
});
