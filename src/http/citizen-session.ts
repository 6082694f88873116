import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The one cookie of the citizen site. It holds the conversation id and its secret token. */
export const SESSION_COOKIE = 'vigie_session';

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

/** Reads the citizen session from the request cookie, if any. */
export function readCitizenSession(request: FastifyRequest): CitizenSession | null {
  return parseSessionValue(request.cookies?.[SESSION_COOKIE]);
}

/**
 * Sets the session cookie: HttpOnly, SameSite=Strict, no Expires/Max-Age so it dies with the
 * browser, Secure when the site is served over HTTPS.
 */
export function setCitizenSession(reply: FastifyReply, session: CitizenSession, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, formatSessionValue(session), {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
  });
}

/** Removes the session cookie (same attributes, so every browser matches and drops it). */
export function clearCitizenSession(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}
