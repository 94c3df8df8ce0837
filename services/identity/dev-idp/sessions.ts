/**
 * What the dev identity provider remembers between requests, in memory (a restart signs everyone
 * out, as a restarted dev Keycloak without a database would): sign-in forms awaiting a password,
 * authorisation codes, sessions and their refresh tokens. Codes and refresh tokens are kept by their
 * SHA-256 only. Lifetimes follow Keycloak's defaults: code 60 s, sign-in form 30 min, session idle
 * 30 min (each refresh token), session max 10 h.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Locale } from './locale.js';

export const CODE_TTL_SECONDS = 60;
export const LOGIN_TTL_SECONDS = 30 * 60;
export const SESSION_IDLE_SECONDS = 30 * 60;
export const SESSION_MAX_SECONDS = 10 * 60 * 60;

/** An authorisation request as checked by the authorisation endpoint. */
export interface AuthRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly state?: string;
  readonly nonce?: string;
  readonly locale: Locale;
}

export interface Session {
  readonly id: string;
  readonly username: string;
  readonly clientId: string;
  readonly scope: string;
  readonly authTime: number;
  readonly expiresAt: number;
  ended: boolean;
}

interface Expiring<T> {
  readonly value: T;
  readonly expiresAt: number;
  used: boolean;
}

export type Redeemed<T> = { ok: true; value: T } | { ok: false; reason: 'unknown' | 'expired' | 'reused' };

const secret = () => randomBytes(32).toString('base64url');
const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

export class Sessions {
  private readonly logins = new Map<string, Expiring<AuthRequest>>();
  private readonly codes = new Map<string, Expiring<{ request: AuthRequest; session: Session }>>();
  private readonly refreshTokens = new Map<string, Expiring<Session>>();
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly nowSeconds: () => number) {}

  /** A checked authorisation request waits for the user's password under this id. */
  awaitSignIn(request: AuthRequest): string {
    this.sweep();
    const id = secret();
    this.logins.set(id, { value: request, expiresAt: this.nowSeconds() + LOGIN_TTL_SECONDS, used: false });
    return id;
  }

  pendingSignIn(id: string): AuthRequest | undefined {
    const login = this.logins.get(id);
    return login && login.expiresAt > this.nowSeconds() ? login.value : undefined;
  }

  /** The user signed in: the form is spent, a session starts and a single-use code is issued for it. */
  signedIn(loginId: string, username: string): { code: string; request: AuthRequest; sessionId: string } | undefined {
    const request = this.pendingSignIn(loginId);
    if (!request) return undefined;
    this.logins.delete(loginId);
    const now = this.nowSeconds();
    const session: Session = {
      id: randomUUID(),
      username,
      clientId: request.clientId,
      scope: request.scope,
      authTime: now,
      expiresAt: now + SESSION_MAX_SECONDS,
      ended: false,
    };
    this.sessions.set(session.id, session);
    const code = secret();
    this.codes.set(hash(code), { value: { request, session }, expiresAt: now + CODE_TTL_SECONDS, used: false });
    return { code, request, sessionId: session.id };
  }

  /** A code works once; a second use ends the session it started (RFC 6749 §4.1.2: it may be stolen). */
  redeemCode(code: string): Redeemed<{ request: AuthRequest; session: Session }> {
    return this.redeem(this.codes, code, (v) => v.session);
  }

  /** A refresh token works once; reusing a spent one ends its session (rotation with reuse detection). */
  redeemRefreshToken(token: string): Redeemed<Session> {
    return this.redeem(this.refreshTokens, token, (s) => s);
  }

  /** A new refresh token for a live session, valid for the idle time (never past the session's end). */
  issueRefreshToken(session: Session): { token: string; expiresIn: number } {
    this.sweep();
    const now = this.nowSeconds();
    const expiresAt = Math.min(now + SESSION_IDLE_SECONDS, session.expiresAt);
    const token = secret();
    this.refreshTokens.set(hash(token), { value: session, expiresAt, used: false });
    return { token, expiresIn: expiresAt - now };
  }

  session(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  end(session: Session): void {
    session.ended = true;
    this.sessions.delete(session.id);
  }

  private redeem<T>(map: Map<string, Expiring<T>>, token: string, sessionOf: (v: T) => Session): Redeemed<T> {
    const entry = map.get(hash(token));
    if (!entry) return { ok: false, reason: 'unknown' };
    const session = sessionOf(entry.value);
    if (entry.used) {
      this.end(session);
      return { ok: false, reason: 'reused' };
    }
    entry.used = true;
    if (entry.expiresAt <= this.nowSeconds() || session.ended || session.expiresAt <= this.nowSeconds()) {
      return { ok: false, reason: 'expired' };
    }
    return { ok: true, value: entry.value };
  }

  /** Forgets what has expired, so a long-running dev server does not grow without bound. */
  private sweep(): void {
    const now = this.nowSeconds();
    for (const map of [this.logins, this.codes, this.refreshTokens] as Map<string, Expiring<unknown>>[]) {
      for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
    }
    for (const [k, s] of this.sessions) if (s.expiresAt <= now) this.sessions.delete(k);
  }
}
