/**
 * The question log keeps no identity number, phone number or e-mail address, whether typed in
 * half-width or full-width characters, or with the dots of an address written 。 as Chinese
 * keyboards do; numbers that are not personal (1823, 12345) stay.
 */
import { describe, expect, it } from 'vitest';
import { redact, withoutPersonalData } from '../../services/knowledge/assistant/redact.js';

describe('the question log', () => {
  it.each([
    ['an HKID', 'HKID A123456(7) please', 'HKID [id number] please'],
    ['a full-width HKID', 'HKID Ａ１２３４５６(７)，請回覆', 'HKID [id number]，請回覆'],
    ['a full-width HKID in full-width brackets', '身份證Ａ１２３４５６（７）', '身份證[id number]'],
    ['a Mainland ID number', 'ID 440300199001010000', 'ID [id number]'],
    ['a full-width Mainland ID number', '身份证４４０３００１９９００１０１０００Ｘ', '身份证[id number]'],
    ['a Home Return Permit', 'permit H12345678', 'permit [id number]'],
    ['a full-width Home Return Permit', '回鄉證Ｈ１２３４５６７８號碼', '回鄉證[id number]號碼'],
    ['a phone number', 'call +852 9123 4567', 'call [phone]'],
    ['a full-width phone number', '我電話係９１２３ ４５６７', '我電話係[phone]'],
    ['an e-mail address', 'write to me@example.org', 'write to [e-mail]'],
    ['an e-mail address with 。', '電郵 chan.taiman@example。org 唔該', '電郵 [e-mail] 唔該'],
    ['a full-width e-mail address', 'me＠example．com．hk', '[e-mail]'],
  ])('masks %s', (_, text, logged) => {
    expect(redact(text)).toBe(logged);
  });

  it('keeps numbers that are not personal, and finds records without what it masked', () => {
    expect(redact('1823 同 12345熱線')).toBe('1823 同 12345熱線');
    expect(withoutPersonalData('智方便 me@example。org')).toBe('智方便  ');
  });
});
