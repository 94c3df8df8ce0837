/**
 * Whose services a question asks for: "Hong Kong government services", 香港嘅公共服务, 广东省的政务服务.
 * Across the boundary the same words run both ways (Hong Kong's kiosk in Guangzhou, Guangdong's
 * kiosk in Hong Kong), so where the question names the government that owns the services, only a
 * record of that government (its jurisdiction) answers. A place named alone ("a kiosk in Hong Kong")
 * says where, not whose, and is left to the place rules.
 */
const OWNERS: readonly [RegExp, readonly string[]][] = [
  [/hong kong|hksar|hk|香港/, ['HK']],
  [/maca[ou]|澳门/, ['MO']],
  [/guangdong|广东省?|mainland|内地/, ['GD', 'SZ', 'GZ']],
  [/shenzhen|深圳/, ['SZ', 'GD']],
  [/guangzhou|广州/, ['GZ', 'GD']],
];

const NAMES = OWNERS.map(([name]) => name.source).join('|');
/**
 * A government named as the owner: of services (Hong Kong government services, 广东省嘅政务服务), as
 * a government (the HK government, 澳门特区政府, 港府), or of a kiosk or counter (a Hong Kong kiosk,
 * 香港嘅自助机): asked for Hong Kong's kiosk in Zhuhai, Macao's kiosk there does not answer.
 */
const OWNED = new RegExp(
  `(?<![a-z])(${NAMES})(?:'s)? ?(?:嘅|的|之)? ?(?:sar |特区)?(?:(?:government |govt |public |e-)?(?:政务|政府|公共)?(?:services?(?![a-z])(?! cent(?:re|er))|服务(?!中心))|government|govt\\b|政府|(?:self-service |cross-boundary |government )?(?:kiosks?|counters?)|(?:跨境|通办|公共|政府|政务|服务|“|”)*(?:自助服务机|自助机|服务机|柜台))|(港府)`,
);

/** The jurisdictions whose records may answer a folded question, or undefined when it names no owner. */
export function ownerOf(folded: string): readonly string[] | undefined {
  const m = OWNED.exec(folded);
  const name = m?.[1] ?? (m?.[2] ? '香港' : undefined);
  return name === undefined ? undefined : OWNERS.find(([pattern]) => pattern.test(name))?.[1];
}
