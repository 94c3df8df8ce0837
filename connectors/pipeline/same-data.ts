/**
 * Whether two records hold the same data, as their JSON would say: a key whose value is undefined
 * counts as absent, and the order of keys does not matter (it does for arrays). The pipeline asks this
 * of every change it merges (is the record changed, does the event tell anything new); comparing
 * `JSON.stringify` of both sides encoded a whole record twice to answer it, about 20 µs for a
 * service, where walking both stops at the first difference and builds nothing.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let keys = 0;
  for (const key of Object.keys(x)) {
    const value = x[key];
    if (value === undefined) continue;
    keys++;
    if (!sameData(value, y[key])) return false;
  }
  for (const key of Object.keys(y)) if (y[key] !== undefined) keys--;
  return keys === 0;
}
