import type { FastifyRequest } from 'fastify';
import type { CitizenCredentials } from '../conversations/conversation-access.ts';
import { AppError } from '../errors.ts';
import { readCitizenSession } from './citizen-session.ts';

/**
 * Credentials for a conversation route: `Authorization: Bearer <token>` (partner apps, tests), or the
 * session cookie of the citizen site when it names the same conversation (the page's script cannot read
 * the HttpOnly cookie, so it relies on it being sent).
 */
export function credentialsFromRequest(
  request: FastifyRequest,
  conversationId: string,
  secure: boolean,
): CitizenCredentials {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) {
    return { conversationId, token: authorization.slice('Bearer '.length).trim() };
  }
  // Over HTTPS only the __Host- cookie counts (a sibling host cannot have planted it).
  const session = readCitizenSession(request, secure);
  if (session && session.conversationId === conversationId) {
    // Beside SameSite=Strict: a request another site (or a sibling subdomain) makes with the cookie is
    // refused, as the site's own forms do. Bearer requests carry no ambient credential and need no check.
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') throw new AppError('forbidden');
    return session;
  }
  return { conversationId, token: '' };
}
