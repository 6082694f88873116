import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app-deps.ts';
import { receivePhoto } from '../../attachments/receive-photo.ts';
import { closeCitizenAccess } from '../../conversations/close-citizen-access.ts';
import { isChatting } from '../../conversations/conversation-status.ts';
import { isCategory } from '../../conversations/engine/index.ts';
import { eraseConversation } from '../../conversations/erase-conversation.ts';
import { getConversation } from '../../conversations/get-conversation.ts';
import { postCitizenMessage } from '../../conversations/post-citizen-message.ts';
import { startConversation } from '../../conversations/start-conversation.ts';
import { AppError, type ErrorCode } from '../../errors.ts';
import {
  type CitizenSession,
  clearCitizenSession,
  readCitizenSession,
  setCitizenSession,
} from '../../http/citizen-session.ts';
import { signalOverload, toClientError } from '../../http/error-handler.ts';
import { openFollowup } from '../../reports/open-followup.ts';
import { showReceiptAgain } from '../../reports/show-receipt-again.ts';
import { submitReport } from '../../reports/submit-report.ts';
import { NEUTRAL_EXIT_URL, QUICK_EXIT_PATH } from '../layout.ts';
import { type ChatMode, renderChatPage } from './chat.view.ts';
import { renderFollowupLoginPage } from './followup.page.ts';
import { renderNoticePage } from './notice.page.ts';
import { renderReceiptNotedPage, renderReceiptPage } from './receipt.page.ts';

const MODES: readonly ChatMode[] = ['signaler', 'suivi'];

/** The quick exit's answer asks the browser to forget this site: its cookies, its storage and its cache. */
const CLEAR_SITE_DATA = '"cookies", "storage", "cache"';

/** Sends a page that must never be cached: it may hold a conversation or a receipt. */
function sendPage(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

function formField(request: FastifyRequest, name: string): string | undefined {
  const value = (request.body as Record<string, unknown> | null | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The option chosen in the options form: a button alone (`controle`, or `option` for one-answer
 * questions), or the boxes checked before "Valider mes choix", comma-separated as the API takes them.
 */
function chosenOption(request: FastifyRequest): string | undefined {
  const control = formField(request, 'controle');
  if (control) return control;
  const value = (request.body as Record<string, unknown> | null | undefined)?.option;
  const checked = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  if (checked.length > 0) return [...new Set(checked)].join(',');
  if (formField(request, 'valider')) {
    throw new AppError(
      'invalid_input',
      'Cochez au moins une réponse, ou choisissez « Je ne sais pas / passer ».',
    );
  }
  return undefined;
}

/**
 * Defence in depth beside SameSite=Strict: a form posted from another site is refused. Sec-Fetch-Site
 * is used rather than Origin because our no-referrer policy makes browsers send `Origin: null`.
 */
function refuseCrossSite(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw new AppError('forbidden');
}

/** The expected failure of a use case, as a French message and a status; anything else is re-thrown. */
function expectedError(error: unknown): { code: ErrorCode; message: string; status: number } {
  const client = toClientError(error);
  // Overload is expected too: the chat page says so and keeps what the citizen typed.
  if (client.status >= 500 && client.code !== 'overloaded') throw error;
  return client;
}

function conversationUrl(mode: ChatMode): string {
  return `/${mode}/conversation#dernier-message`;
}

/**
 * The citizen chat as server-rendered pages: every action is a form POST followed by a redirect, so it
 * works without JavaScript; chat.js upgrades the same page to a live chat.
 */
export function registerChatRoutes(app: FastifyInstance, deps: AppDeps): void {
  const secure = deps.config.secureCookies;
  const uploads = {
    maxBytes: deps.config.uploads.maxBytes,
    maxFiles: deps.config.uploads.maxFilesPerConversation,
  };

  const noSessionPage = (reply: FastifyReply, status = 200) =>
    sendPage(
      reply,
      renderNoticePage({
        title: 'Aucune conversation en cours',
        message:
          'Aucune conversation n’est ouverte sur cet appareil, ou elle a expiré. Vous pouvez commencer un signalement ou suivre un signalement déjà transmis avec votre récépissé.',
      }),
      status,
    );

  /** Re-renders the chat with an error (and the person's unsent text); falls back if access is gone. */
  const chatWithError = async (
    reply: FastifyReply,
    mode: ChatMode,
    session: CitizenSession,
    failure: { code: ErrorCode; message: string; status: number },
    field?: string,
    draft?: string,
  ) => {
    if (failure.code === 'overloaded') signalOverload(reply);
    try {
      const view = await getConversation(deps, session);
      return sendPage(
        reply,
        renderChatPage({ mode, view, error: failure.message, errorField: field, draft, uploads }),
        failure.status,
      );
    } catch (error) {
      expectedError(error);
      clearCitizenSession(reply, secure);
      return noSessionPage(reply, 401);
    }
  };

  app.post('/signaler', async (request, reply) => {
    refuseCrossSite(request);
    const category = formField(request, 'category') || undefined;
    if (category !== undefined && !isCategory(category)) {
      return sendPage(
        reply,
        renderNoticePage({ title: 'Catégorie inconnue', message: 'Cette catégorie de faits n’existe pas.' }),
        400,
      );
    }
    // An open conversation on this device is resumed rather than lost.
    const existing = readCitizenSession(request, secure);
    if (existing) {
      const view = await getConversation(deps, existing).catch(() => null);
      if (view && isChatting(view.status)) return reply.redirect(conversationUrl('signaler'), 303);
    }
    const started = await startConversation(deps, { category, clientAddress: request.ip });
    setCitizenSession(reply, { conversationId: started.conversationId, token: started.token }, secure);
    return reply.redirect(conversationUrl('signaler'), 303);
  });

  for (const mode of MODES) {
    app.get(`/${mode}/conversation`, async (request, reply) => {
      const session = readCitizenSession(request, secure);
      if (!session) return mode === 'suivi' ? reply.redirect('/suivi', 303) : noSessionPage(reply);
      try {
        const view = await getConversation(deps, session);
        if (mode === 'signaler' && view.closedByOfficer && view.scope === 'conversation') {
          // The officer closed the chat into a report: this device gets its receipt here, in the chat
          // it was talking in (with JavaScript, the live script reloads this page when that happens).
          const shown = await showReceiptAgain(deps, session).catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'already_submitted') return null;
            throw error;
          });
          if (shown) {
            return sendPage(
              reply,
              renderReceiptPage({
                receipt: shown.receipt,
                receiptDays: deps.config.receiptDays,
                shownAgain: shown.shownAgain,
                byOfficer: true,
              }),
            );
          }
        }
        return sendPage(reply, renderChatPage({ mode, view, uploads }));
      } catch (error) {
        expectedError(error);
        clearCitizenSession(reply, secure);
        return noSessionPage(reply, 401);
      }
    });

    // "Actualiser la conversation" without JavaScript: a link to the page itself would only move to its
    // anchor (the browser does not reload a URL it is on, fragment and all); this one always reloads it.
    app.get(`/${mode}/actualiser`, async (_request, reply) =>
      reply.header('cache-control', 'no-store').redirect(conversationUrl(mode), 303),
    );

    app.post(`/${mode}/message`, async (request, reply) => {
      refuseCrossSite(request);
      const session = readCitizenSession(request, secure);
      if (!session) return noSessionPage(reply, 401);
      const text = formField(request, 'text');
      try {
        const option = chosenOption(request);
        await postCitizenMessage(deps, {
          ...session,
          ...(option ? { option } : { text: text ?? '' }),
        });
      } catch (error) {
        const field = text === undefined ? 'zone-options' : 'texte';
        return chatWithError(reply, mode, session, expectedError(error), field, text);
      }
      return reply.redirect(conversationUrl(mode), 303);
    });

    app.post(`/${mode}/photos`, async (request, reply) => {
      refuseCrossSite(request);
      const session = readCitizenSession(request, secure);
      if (!session) return noSessionPage(reply, 401);
      try {
        await receivePhoto(deps, request, reply, session);
      } catch (error) {
        // Too many photos at once is expected too: the page says so (with Retry-After) and stays usable.
        const busy = error instanceof AppError && error.code === 'uploads_busy';
        return chatWithError(
          reply,
          mode,
          session,
          busy ? toClientError(error) : expectedError(error),
          'photo',
        );
      }
      return reply.redirect(conversationUrl(mode), 303);
    });

    app.post(`/${mode}/effacer`, async (request, reply) => {
      refuseCrossSite(request);
      const session = readCitizenSession(request, secure);
      let erased = false;
      if (session) {
        try {
          const confirmed = formField(request, 'confirmer') === 'oui';
          erased = (await eraseConversation(deps, session, { confirmed })).erased;
        } catch (error) {
          const failure = expectedError(error); // otherwise already gone or expired: nothing left to erase
          if (failure.code === 'erase_unconfirmed') {
            return chatWithError(reply, mode, session, failure, 'confirmer-effacement');
          }
        }
      }
      clearCitizenSession(reply, secure);
      return reply.redirect(erased ? '/signaler/efface' : '/suivi/ferme', 303);
    });
  }

  app.post('/signaler/transmettre', async (request, reply) => {
    refuseCrossSite(request);
    const session = readCitizenSession(request, secure);
    if (!session) return noSessionPage(reply, 401);
    try {
      const { receipt } = await submitReport(deps, session);
      return sendPage(reply, renderReceiptPage({ receipt, receiptDays: deps.config.receiptDays }));
    } catch (error) {
      const failure = expectedError(error);
      if (failure.code !== 'already_submitted') return chatWithError(reply, 'signaler', session, failure);
      // The receipt page sent again (a reload, a double click): the same receipt, shown again.
      try {
        const { receipt } = await showReceiptAgain(deps, session);
        return sendPage(
          reply,
          renderReceiptPage({ receipt, receiptDays: deps.config.receiptDays, shownAgain: true }),
        );
      } catch (againError) {
        return chatWithError(reply, 'signaler', session, expectedError(againError));
      }
    }
  });

  app.post('/signaler/recepisse-note', async (request, reply) => {
    refuseCrossSite(request);
    const session = readCitizenSession(request, secure);
    if (session) {
      // Only a transmitted report's access is closed here; an open conversation is never erased by this.
      const view = await getConversation(deps, session).catch(() => null);
      if (view?.status === 'submitted') {
        await eraseConversation(deps, session, { confirmed: true }).catch(() => null);
      }
    }
    clearCitizenSession(reply, secure);
    return reply.redirect('/signaler/termine', 303);
  });

  app.get('/signaler/termine', async (_request, reply) => sendPage(reply, renderReceiptNotedPage()));

  app.get('/signaler/efface', async (_request, reply) =>
    sendPage(
      reply,
      renderNoticePage({
        title: 'Conversation effacée',
        message: 'La conversation et ses photos ont été effacées définitivement. Rien n’a été transmis.',
      }),
    ),
  );

  app.get('/suivi/ferme', async (_request, reply) =>
    sendPage(
      reply,
      renderNoticePage({
        title: 'Accès fermé',
        message:
          'La conversation n’est plus accessible sur cet appareil. Un signalement déjà transmis reste entre les mains des forces de l’ordre : vous pouvez y revenir avec votre récépissé.',
      }),
    ),
  );

  // "Quitter rapidement" ends the session on the device, so that neither "Back" nor a new visit shows the
  // conversation: the plain link (without JavaScript) comes here and goes on to the neutral site; with
  // JavaScript, a beacon posts here while the page is replaced by the neutral site.
  // The person must leave whatever happens: a database that does not answer within a second only means
  // the token stays (the cookie is cleared all the same), never an error page instead of the exit.
  const quickExit = async (request: FastifyRequest, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    // A link from another site must not be able to end someone's conversation (it would still be
    // applied, although a SameSite=Strict cookie is not sent with it).
    const site = request.headers['sec-fetch-site'];
    if (site === 'cross-site' || site === 'same-site') return;
    // The browser drops everything of this site it holds, whatever a script or a later version put there
    // (HTTPS only; the cookie is also cleared by name below for browsers that ignore the header).
    reply.header('clear-site-data', CLEAR_SITE_DATA);
    const session = readCitizenSession(request, secure);
    clearCitizenSession(reply, secure);
    if (!session) return;
    const timeout = new Promise((resolve) => setTimeout(resolve, 1000).unref());
    const closed = closeCitizenAccess(deps, session).catch((error) =>
      deps.logger.warn({ err: error }, 'sortie rapide : accès non fermé'),
    );
    await Promise.race([closed, timeout]);
  };
  app.get(QUICK_EXIT_PATH, async (request, reply) => {
    await quickExit(request, reply);
    return reply.redirect(NEUTRAL_EXIT_URL, 303);
  });
  app.post(QUICK_EXIT_PATH, async (request, reply) => {
    refuseCrossSite(request);
    await quickExit(request, reply);
    return reply.status(204).send();
  });

  app.get('/suivi', async (_request, reply) => sendPage(reply, renderFollowupLoginPage()));

  app.post('/suivi', async (request, reply) => {
    refuseCrossSite(request);
    const receipt = (formField(request, 'receipt') ?? '').slice(0, 60);
    try {
      const opened = await openFollowup(deps, { receipt, clientAddress: request.ip });
      setCitizenSession(reply, opened, secure);
    } catch (error) {
      const failure = expectedError(error);
      return sendPage(reply, renderFollowupLoginPage({ error: failure.message, receipt }), failure.status);
    }
    // The top of the page first: the state of the report is what the person comes back for.
    return reply.redirect('/suivi/conversation', 303);
  });
}
