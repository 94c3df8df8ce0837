/**
 * The classes of error the blind questions of 2026-11-30 showed, each as a rule with its own cases
 * (docs/assistant.md): a compound read by its first word, an asked facet the record does not give, a
 * title that only mentions the asked action, whose services are asked for, and where the asker's
 * household is registered. Questions are written for this test, not taken from the question files.
 */
import { describe, expect, it } from 'vitest';
import { answer } from '../../services/knowledge/assistant/answer.js';
import { askedFacets } from '../../services/knowledge/assistant/facets.js';
import { ownerOf } from '../../services/knowledge/assistant/owner.js';
import { fold, units } from '../../services/knowledge/assistant/units.js';
import { seededStore } from '../support/seeded-engines.js';

const store = seededStore();
const today = new Date('2026-04-01T00:00:00+08:00');

const concepts = (q: string) => units(q).concepts.map((c) => c.id);

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
  ])('hears in "%s" the facets %j', (question, facets) => {
    expect(askedFacets(fold(question)).map((f) => f.name)).toEqual(facets);
  });

  it.each([
    ['粤省事几点开门', 'svc-gd-yueshengshi'],
    ['What is the fee to register for iAM Smart?', 'svc-hk-iamsmart-registration'],
    ['How much does it cost to use the Hong Kong services kiosk in Dongguan?', 'svc-hk-cbps-kiosk-dg'],
  ])('declines "%s", which asks a facet %s does not give, and offers it', async (question, closest) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(false);
    expect(a.suggestions[0]?.id).toBe(closest);
  });

  it.each([
    ['前海嘅香港自助機幾點開？', 'svc-hk-cbps-kiosk-sz'],
    ['My licence expires soon, can I renew my Hong Kong driving licence online?', 'svc-hk-td-dl-renewal-online'],
    ['Is there a machine in Hong Kong where I can use Guangdong government services?', 'svc-gd-cbps-yuezhizhu'],
    ['Where in Guangzhou is there a kiosk for Hong Kong government services?', 'svc-hk-cbps-kiosk-gz'],
    ['我是深圳户口，在南沙可以自助办港澳签注吗', 'svc-gz-nansha-self-service'],
  ])('answers "%s" from %s', async (question, id) => {
    const a = await answer(store, question, { today });
    expect(a.known).toBe(true);
    expect(a.citations[0]?.id).toBe(id);
  });

  it.each([
    ['Hong Kong government services in Guangzhou', ['HK']],
    ['喺香港辦廣東省嘅政務服務', ['GD', 'SZ', 'GZ']],
    ['澳门的公共服务', ['MO']],
    ['a kiosk in Hong Kong', undefined],
  ])('reads in "%s" whose services are asked: %j', (question, owner) => {
    expect(ownerOf(fold(question))).toEqual(owner);
  });

  it('does not hold a question to the place where the asker’s household is registered', () => {
    expect(concepts('我是深圳户口，在南沙办签注')).toEqual(['nansha', 'endorsement']);
  });
});
