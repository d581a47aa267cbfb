import type { CookieOptions, Request } from 'express';
import { randomBytes } from 'node:crypto';
import type { SignInConfig } from '../config/app-config';
import { bearerToken } from './api-key';

/** The session cookie: HttpOnly, so page scripts never read it. */
export const SESSION_COOKIE = 'cc_session';

/** What a request presents: an API key (Authorization: Bearer), else a session cookie. */
export interface Credential {
  kind: 'key' | 'session';
  secret: string;
}

export function credentialOf(req: Request): Credential | undefined {
  const key = bearerToken(req.headers.authorization);
  if (key) return { kind: 'key', secret: key };
  const session = cookieValue(req.headers.cookie, SESSION_COOKIE);
  return session ? { kind: 'session', secret: session } : undefined;
}

export function generateSessionToken(): string {
  return `ccs_${randomBytes(32).toString('base64url')}`;
}

/** SameSite=Lax: sent when a link from an email is followed, never with another site's POST. */
export function sessionCookieOptions(config: SignInConfig): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: config.secureCookie, path: '/', maxAge: config.sessionMaxHours * 3_600_000 };
}

/**
 * A cookie-authenticated request from another site (CSRF): the browser says so (Sec-Fetch-Site),
 * or its Origin is neither this service's public address nor the host it was sent to. Apollo's
 * csrfPrevention already refuses the simple requests a form or an image can make; this also
 * covers the sign-in routes, which take forms.
 */
export function isCrossSite(req: Request, publicBaseUrl: string): boolean {
  // Browsers that send Sec-Fetch-Site say it outright. Origin alone is "null" for a form posted
  // under Referrer-Policy: no-referrer (ours), so it decides only for clients without the former.
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = req.headers.origin;
  if (!origin) return false;
  return origin !== new URL(publicBaseUrl).origin && origin !== `${req.protocol}://${req.headers.host}`;
}

/** The value of the cookie `name` in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || undefined;
  }
  return undefined;
}
