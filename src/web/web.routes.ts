import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { registerChatRoutes } from './chat/chat.routes.ts';
import { html } from './html.ts';
import { renderPage } from './layout.ts';
import { registerStaticAssets } from './static-assets.ts';
import { registerStaticPages } from './static-pages.routes.ts';

/**
 * Plugs the citizen web site into the app: /assets/ and /dsfr/ static files, the informational pages
 * and the chat pages (which call the conversation and report use cases).
 */
export async function registerWebRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await registerStaticAssets(app);
  registerStaticPages(app, deps);
  registerChatRoutes(app, deps);
}

/**
 * The HTML error page of the citizen site, used by the app's error handler: a French message, the
 * emergency band and the quick exit, never a stack trace.
 */
export function renderErrorPage(
  _request: FastifyRequest,
  reply: FastifyReply,
  message: string,
  status: number,
) {
  const title = status === 404 ? 'Page introuvable' : 'Une erreur est survenue';
  const main = html`<h1>${title}</h1>
<div class="fr-alert fr-alert--error fr-mb-4w" role="alert"><p>${message}</p></div>
<p><a class="fr-btn" href="/">Revenir à l'accueil</a></p>`;
  return reply
    .status(status)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(renderPage({ title, main, noIndex: true }));
}
