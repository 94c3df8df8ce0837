import type { GraphStore } from '../../services/graph/graph-store.port.js';

/** Wraps a real store and counts the calls made to it, by method. */
export function countingStore(inner: GraphStore): { store: GraphStore; calls: Map<string, number>; reset(): void } {
  const calls = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.set(String(key), (calls.get(String(key)) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
  return { store, calls, reset: () => calls.clear() };
}
