/**
 * What is done with a document (a licence, a permit): issued directly for another one, renewed,
 * replaced when lost, appealed. Records about the same document share nearly every word, so a
 * question asking one action is easily answered from a record about another: a lost licence from
 * the online renewal, a Mainland licence's renewal from the direct issue, an appeal against a refused
 * direct issue from the direct issue. A record whose title is about an action answers only when its
 * title, summary or eligibility offer every action asked.
 * The asking forms only: "expired" says what state a licence is in, not that the asker wants it
 * renewed (one may ask for a direct issue of an expired licence). Patterns read folded text.
 */
interface DocumentAction {
  readonly name: string;
  /** Asked in a question, or offered by a record's title, summary or eligibility. */
  readonly forms: RegExp;
}

export const DOCUMENT_ACTIONS: readonly DocumentAction[] = [
  { name: 'direct-issue', forms: /direct(?:ly)? issu|直接签发|免试签发/ },
  // 换证 is the Mainland's word for renewing a licence at expiry (期满换证).
  { name: 'renew', forms: /\brenew|续期|续领|续牌|续签|续证|续办|换证/ },
  {
    name: 'first-issue',
    forms:
      /first[- ]time (?:appl|issu)|first application|apply for (?:the|a|my|his|her) first|首次申[请领办]|第一次申[请领办]|首次办|第一次办|初次申[请领]/,
  },
  {
    name: 'replace',
    forms: /\breplac|\blost\b|\blose\b|\bstolen\b|\bdamaged\b|补领|补办|补发|遗失|丢失|丢了|唔见|不见了|被偷|损毁/,
  },
  { name: 'appeal', forms: /\bappeal|上诉|申诉|覆核|复核/ },
];

/** The document actions a folded text asks (a question) or offers (a record's fields). */
export const actionsIn = (folded: string): readonly DocumentAction[] =>
  DOCUMENT_ACTIONS.filter((a) => a.forms.test(folded));

/**
 * Whether a record offers what is asked of the document: every action asked must be named somewhere
 * in it (a residence permit's first application does not tell how to replace a lost one, nor how to
 * renew it); one whose title (`texts[0]`) names an action (a direct issue, a renewal) must offer
 * every action asked in its title, summary or eligibility (`texts[1]`), not only in a step.
 */
export function offersActions(asked: readonly DocumentAction[], texts: readonly string[]): boolean {
  if (asked.length === 0) return true;
  const headline = actionsIn(texts[0] ?? '').length > 0;
  const offered = actionsIn(headline ? `${texts[0] ?? ''} ${texts[1] ?? ''}` : texts.join(' '));
  return asked.every((a) => offered.includes(a));
}
