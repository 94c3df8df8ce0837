import { useSyncExternalStore } from 'react';
import { type Claims, claims, subscribe, tokenVersion } from './session';

let cached: { version: string; claims: Claims | null } = { version: '', claims: null };

/** The signed-in person's claims (null when anonymous), re-rendered when the tokens change. */
export function useClaims(): Claims | null {
  return useSyncExternalStore(subscribe, () => {
    const version = tokenVersion();
    if (version !== cached.version) cached = { version, claims: claims() };
    return cached.claims;
  });
}

export function useTokenVersion(): string {
  return useSyncExternalStore(subscribe, tokenVersion);
}
