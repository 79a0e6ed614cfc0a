/**
 * Console sessions. The cookie holds the signed-in credential (access key id, and the session
 * token of an assumed-role session) sealed under the master key, with an expiry and a nonce. It
 * names the credential rather than the identity, so every request re-resolves it exactly as a
 * SigV4 call would: a deactivated key or an expired session token ends the console session too.
 * Any node with the master key can open it; nothing is kept server-side.
 *
 * CSRF: every form carries a token that is an HMAC of the session's nonce (or, before sign-in, of
 * a pre-session cookie's nonce), and the cookies are SameSite=Strict, so a cross-site POST has
 * neither the cookie nor the token.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MasterKey } from '../store/master-key.js';

export const SESSION_COOKIE = 'tb_console';
export const PRE_SESSION_COOKIE = 'tb_console_pre';
export const SESSION_LIFETIME_MS = 8 * 60 * 60 * 1000;
const PRE_SESSION_LIFETIME_S = 30 * 60;
const SEAL_PURPOSE = 'console-session';
const CSRF_PURPOSE = 'console-csrf';

export interface ConsoleSession {
  accessKeyId: string;
  sessionToken?: string;
  expiresAt: number;
  nonce: string;
}

export class SessionKeys {
  private readonly csrfKey: Buffer;

  constructor(private readonly masterKey: MasterKey) {
    this.csrfKey = masterKey.derive(CSRF_PURPOSE);
  }

  seal(session: ConsoleSession): string {
    return this.masterKey.encrypt(JSON.stringify(session), SEAL_PURPOSE);
  }

  open(sealed: string, now: Date): ConsoleSession | undefined {
    let value: unknown;
    try {
      value = JSON.parse(this.masterKey.decrypt(sealed, SEAL_PURPOSE).toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isSession(value) || value.expiresAt <= now.getTime()) return undefined;
    return value;
  }

  newSession(accessKeyId: string, sessionToken: string | undefined, now: Date): ConsoleSession {
    return {
      accessKeyId,
      ...(sessionToken !== undefined ? { sessionToken } : {}),
      expiresAt: now.getTime() + SESSION_LIFETIME_MS,
      nonce: randomBytes(16).toString('base64url'),
    };
  }

  /** The form token bound to a session nonce (or a pre-session nonce, scoped apart). */
  csrfToken(nonce: string, scope: 'session' | 'pre'): string {
    return createHmac('sha256', this.csrfKey).update(`${scope}:${nonce}`).digest('base64url');
  }

  csrfValid(nonce: string, scope: 'session' | 'pre', given: string | undefined): boolean {
    return given !== undefined && sameSecret(this.csrfToken(nonce, scope), given);
  }
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** Constant-time comparison of two secrets of any length (digests are compared, never the texts). */
export function sameSecret(a: string, b: string): boolean {
  const x = createHash('sha256').update(a).digest();
  const y = createHash('sha256').update(b).digest();
  return timingSafeEqual(x, y);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
}

export function setCookie(name: string, value: string, options: CookieOptions): string {
  const secure = options.secure ? '; Secure' : '';
  return `${name}=${value}; Path=/console; Max-Age=${options.maxAgeSeconds}; HttpOnly; SameSite=Strict${secure}`;
}

export function sessionCookie(value: string, secure: boolean): string {
  return setCookie(SESSION_COOKIE, value, { secure, maxAgeSeconds: SESSION_LIFETIME_MS / 1000 });
}

export function preSessionCookie(value: string, secure: boolean): string {
  return setCookie(PRE_SESSION_COOKIE, value, { secure, maxAgeSeconds: PRE_SESSION_LIFETIME_S });
}

export function clearedCookie(name: string, secure: boolean): string {
  return setCookie(name, '', { secure, maxAgeSeconds: 0 });
}

function isSession(value: unknown): value is ConsoleSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['accessKeyId'] === 'string' && typeof v['expiresAt'] === 'number' && typeof v['nonce'] === 'string'
    && (v['sessionToken'] === undefined || typeof v['sessionToken'] === 'string');
}
