/**
 * The signed-in session: tokens in sessionStorage (gone when the tab closes, never in localStorage),
 * refreshed silently before the access token expires, claims read from the token for the pages.
 */
import type { ConsoleConfig } from '../config';
import { endSessionUrl, refreshTokens, type TokenSet } from './oidc';

export interface Claims {
  readonly username: string;
  readonly roles: readonly string[];
  readonly jurisdiction: string | null;
  readonly agency: string | null;
  readonly personId: string | null;
}

const KEY = 'gba.session';
type Listener = () => void;
const listeners = new Set<Listener>();
let timer: ReturnType<typeof setTimeout> | undefined;
let config: ConsoleConfig | null = null;
let current: TokenSet | null = read();

function read(): TokenSet | null {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as TokenSet | null;
  } catch {
    return null;
  }
}

function decode(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

export function claimsOf(token: string): Claims {
  const c = decode(token);
  const roles = (c.realm_access as { roles?: string[] } | undefined)?.roles ?? [];
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    username: str(c.preferred_username) ?? str(c.sub) ?? '',
    roles,
    jurisdiction: str(c.jurisdiction),
    agency: str(c.agency),
    personId: str(c.person_id),
  };
}

function emit(): void {
  for (const l of listeners) l();
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const accessToken = (): string | null => current?.accessToken ?? null;
export const claims = (): Claims | null => (current ? claimsOf(current.accessToken) : null);
/** Changes with every new token, so views that hold a stream can reopen it. */
export const tokenVersion = (): string => current?.accessToken.slice(-12) ?? '';

export function setTokens(tokens: TokenSet | null): void {
  current = tokens;
  if (tokens) sessionStorage.setItem(KEY, JSON.stringify(tokens));
  else sessionStorage.removeItem(KEY);
  schedule();
  emit();
}

/** Refreshes a little before expiry: a third of the lifetime left, at most a minute. */
function schedule(): void {
  clearTimeout(timer);
  if (!current?.refreshToken || !config) return;
  const left = current.expiresAt - Date.now();
  const margin = Math.min(60_000, Math.max(left / 3, 1000));
  timer = setTimeout(() => void refresh(), Math.max(left - margin, 0));
}

async function refresh(): Promise<void> {
  if (!current?.refreshToken || !config) return;
  try {
    const next = await refreshTokens(config, current.refreshToken);
    setTokens({ ...next, idToken: next.idToken ?? current.idToken });
  } catch {
    // The identity provider ended the session (or forgot it): sign out here too.
    setTokens(null);
  }
}

export function startSession(cfg: ConsoleConfig | null): void {
  config = cfg;
  if (current && current.expiresAt <= Date.now() && !current.refreshToken) current = null;
  schedule();
}

export async function signOut(): Promise<void> {
  const idToken = current?.idToken ?? null;
  setTokens(null);
  const url = config ? await endSessionUrl(config, idToken).catch(() => null) : null;
  if (url) location.assign(url);
}
