import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { generateDataKey, wrapDataKey } from '../crypto/envelope.ts';
import { generateToken, hashToken } from '../crypto/receipt.ts';
import { AppError } from '../errors.ts';
import {
  insertAccessToken,
  insertConversation,
  insertDataKey,
  updateConversation,
} from './conversation.repo.ts';
import { dataKeyAad } from './conversation-access.ts';
import { type Category, startConversation as startFlow } from './engine/index.ts';
import { encodeNewFlowState } from './flow-state-codec.ts';
import type { MessageView } from './message-codec.ts';
import { persistMessages } from './persist-messages.ts';

/** How long a conversation token opens the conversation (a follow-up with the receipt makes a new one). */
export const TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

export interface StartedConversation {
  conversationId: string;
  token: string;
  messages: MessageView[];
}

/** Said instead of opening one more conversation to a client that opens too many. */
export const TOO_MANY_CONVERSATIONS =
  'Trop de conversations ont été ouvertes depuis cette connexion. Patientez quelques minutes. ' +
  'En cas de danger immédiat, appelez le 17 ou le 112, ou envoyez un SMS au 114.';

/**
 * Opens an anonymous conversation: a fresh data key, the bot's first messages, and a bearer token that
 * only this caller receives (the database keeps a keyed hash of it). Each client address may open a
 * limited number per 15 minutes (counted in memory on a keyed hash, see security/), so that a flood of
 * empty conversations cannot fill the database; the limit is generous because many people may share
 * one address (a Tor exit, a mobile operator's gateway).
 */
export async function startConversation(
  deps: AppDeps,
  input: { category?: Category; clientAddress: string },
): Promise<StartedConversation> {
  if (!deps.conversationThrottle.tryAttempt(input.clientAddress)) {
    throw new AppError('too_many_requests', TOO_MANY_CONVERSATIONS);
  }
  const conversationId = randomUUID();
  const keyId = randomUUID();
  const dataKey = generateDataKey();
  const token = generateToken();
  const now = deps.now();
  const { state, replies } = startFlow(input.category);
  let views: MessageView[] = [];

  await deps.db.transaction().execute(async (tx) => {
    await insertDataKey(tx, keyId, wrapDataKey(deps.keys.wrapKey, dataKey, dataKeyAad(keyId)));
    await insertConversation(tx, {
      id: conversationId,
      status: 'open',
      category: state.category,
      keyId,
      stateEnc: encodeNewFlowState(dataKey, conversationId, state),
    });
    await insertAccessToken(tx, {
      tokenHash: hashToken(deps.keys.tokenKey, token),
      conversationId,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS),
    });
    const drafts = replies.map((reply) => ({ author: 'bot' as const, body: reply }));
    const written = await persistMessages(tx, dataKey, conversationId, 0, drafts, now);
    await updateConversation(tx, conversationId, { lastSeq: written.lastSeq });
    views = written.views;
  });

  return { conversationId, token, messages: views };
}
