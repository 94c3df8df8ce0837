/**
 * Facets a question asks for by name (opening hours, a fee, a rate, a phone number, how long) and the
 * kind of value a record must hold to answer them: asked "what time does it close", a record that
 * gives no hours does not answer, however well it matches the rest ("Qianhai's 15% tax rate" is not
 * answered by a business service that states no rate). The value is looked for, not the word: a
 * kiosk's "9am–noon" gives hours without saying "opening hours". Patterns read folded text
 * (Simplified, lower case).
 */
interface Facet {
  readonly name: string;
  readonly asked: RegExp;
  readonly given: RegExp;
}

export const FACETS: readonly Facet[] = [
  {
    name: 'hours',
    asked: /opening hours|what time|\bopen (?:on|at|until|till)\b|几点|开门|关门|营业时间|办公时间|开放时间/,
    given:
      /\d ?(?:am|pm)\b|\d:\d\d|[0-9一二三四五六七八九十]+[点时]|monday|friday|saturday|weekend|周[一二三四五六日]|星期|工作日|24 hours|24小时|全天/,
  },
  {
    name: 'fee',
    asked: /\bfees?\b|how much(?! time| longer)|\bcosts?\b|收费|费用|几多钱|多少钱|要钱|免费/,
    given: /hk\$|\$ ?\d|\d ?元|港元|\bfees?\b|收费|费用|\bfree\b|免费/,
  },
  // A bare "100%" is as often "fully" ("100% online"): a percentage asks a rate next to a tax or relief.
  {
    name: 'rate',
    asked: /\brate\b|税率|利率|汇率|百分之|\d ?% ?(?:的)?(?:\w* ?tax|[^\s]{0,4}税|优惠|relief|补贴)/,
    given: /\d ?%|百分之|\brate\b|税率/,
  },
  {
    name: 'phone',
    asked: /phone number|hotline|telephone|\bcall\b|热线|电话/,
    given: /\d{4} ?\d{4}|hotline|热线|电话|\b1823\b|12345/,
  },
  {
    name: 'duration',
    asked: /how long|how many days|多久|几耐|几多日|几天/,
    given: /\d+ ?(?:working )?days|\d+ ?个?工作日|\d+ ?[天日]|minutes|分钟|weeks?\b|months?\b|\d+ ?个?月/,
  },
];

/** The facets a folded question asks for. */
export const askedFacets = (folded: string): Facet[] => FACETS.filter((f) => f.asked.test(folded));

/** Whether a record's folded texts hold a value for every facet asked. */
export const givesAll = (asked: readonly Facet[], texts: readonly string[]): boolean =>
  asked.every((f) => texts.some((t) => f.given.test(t)));
