import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one cookie of the citizen site, as named over plain HTTP (development). It holds the conversation
 * id and its secret token.
 */
export const SESSION_COOKIE = 'vigie_session';
/**
 * Its name over HTTPS. Browsers accept a `__Host-` cookie only if it is Secure, has Path=/ and no Domain:
 * a sibling subdomain or a page served over plain HTTP cannot plant or overwrite it (session fixation).
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

/** The session cookie's name: `__Host-vigie_session` when the site is served over HTTPS. */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export interface CitizenSession {
  conversationId: string;
  token: string;
}

// Ids and tokens are URL-safe; anything else in the cookie is forged or corrupted.
const PART = /^[A-Za-z0-9_-]{1,200}$/;

/** Builds the cookie value `<conversationId>.<token>`. */
export function formatSessionValue(session: CitizenSession): string {
  return `${session.conversationId}.${session.token}`;
}

/** Parses a cookie value; returns null for anything malformed. */
export function parseSessionValue(value: string | undefined): CitizenSession | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const conversationId = value.slice(0, dot);
  const token = value.slice(dot + 1);
  if (!PART.test(conversationId) || !PART.test(token)) return null;
  return { conversationId, token };
}

/**
 * Reads the citizen session from the request cookie, if any. Over HTTPS (`secure`) only the
 * `__Host-vigie_session` cookie counts: a plain `vigie_session` could have been planted by a sibling
 * subdomain or over plain HTTP. Otherwise both names are read, the `__Host-` one first.
 */
export function readCitizenSession(request: FastifyRequest, secure = false): CitizenSession | null {
  const cookies = request.cookies ?? {};
  const hostOnly = parseSessionValue(cookies[SECURE_SESSION_COOKIE]);
  return secure ? hostOnly : (hostOnly ?? parseSessionValue(cookies[SESSION_COOKIE]));
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, no Domain, no Expires/Max-Age so it dies
 * with the browser; over HTTPS, Secure and named `__Host-vigie_session`.
 */
export function setCitizenSession(reply: FastifyReply, session: CitizenSession, secure: boolean): void {
  reply.setCookie(sessionCookieName(secure), formatSessionValue(session), {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
  });
}

/** Removes the session cookie (same name and attributes, so every browser matches and drops it). */
export function clearCitizenSession(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName(secure), { httpOnly: true, sameSite: 'strict', path: '/', secure });
}
