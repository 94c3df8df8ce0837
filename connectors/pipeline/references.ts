/**
 * The reference step: every record an event names exists, in the store or in the batch so far, or
 * is created by the event itself. A refusal names the label (UNKNOWN_REFERENCE_CASE, …) and the field.
 */
import { clockKey } from '../../services/graph/graph-store.port.js';
import type { Lookup } from './authorise.js';
import type { Rejection } from './rejection.js';
import type { ValidEvent } from './validate.js';

export function unknownReference(event: ValidEvent, get: Lookup): Rejection | null {
  const c = event.canonical;
  let creates: Set<string> | null = null;
  for (const ref of c.references) {
    if (get(ref.label, ref.id)) continue;
    creates ??= new Set(c.changes.filter((ch) => ch.create).map((ch) => clockKey(ch.label, ch.id)));
    if (creates.has(clockKey(ref.label, ref.id))) continue;
    return {
      code: `UNKNOWN_REFERENCE_${ref.label.toUpperCase()}`,
      message: `${ref.field} ${ref.id} does not exist`,
      stage: 'reference',
    };
  }
  return null;
}
