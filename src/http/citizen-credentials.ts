import type { FastifyRequest } from 'fastify';
import type { CitizenCredentials } from '../conversations/conversation-access.ts';

export const SESSION_COOKIE = 'vigie_session';

/** The session cookie holds `<conversationId>.<token>`; the token part is what the database hashes. */
export function parseSessionCookie(value: string | undefined): CitizenCredentials | null {
  if (!value) return null;
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  return { conversationId: value.slice(0, dot), token: value.slice(dot + 1) };
}

export function sessionCookieValue(credentials: CitizenCredentials): string {
  return `${credentials.conversationId}.${credentials.token}`;
}

/**
 * Credentials for a conversation route: `Authorization: Bearer <token>` (partner apps, tests), or the
 * session cookie of the citizen site when it names the same conversation (the page's script cannot read
 * the HttpOnly cookie, so it relies on it being sent).
 */
export function credentialsFromRequest(request: FastifyRequest, conversationId: string): CitizenCredentials {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    return { conversationId, token: authorization.slice('Bearer '.length).trim() };
  }
  const session = parseSessionCookie(request.cookies?.[SESSION_COOKIE]);
  if (session && session.conversationId === conversationId) return session;
  return { conversationId, token: '' };
}
