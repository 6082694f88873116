import type { AppDeps } from '../app-deps.ts';
import { unwrapDataKey } from '../crypto/envelope.ts';
import { hashToken } from '../crypto/receipt.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { type ConversationRow, findConversationByToken } from './conversation.repo.ts';
import type { FlowState } from './engine/index.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The citizen's proof of access: the conversation id and the bearer token given at its creation. */
export interface CitizenCredentials {
  conversationId: string;
  token: string;
}

export interface AuthorizedConversation {
  row: ConversationRow;
  dataKey: Buffer;
  /** The keyed hash of the token that opened it. */
  tokenHash: Buffer;
  /** The decrypted flow state, when the turn cache already holds it (state_enc is the same, encrypted). */
  state?: FlowState;
}

export const dataKeyAad = (keyId: string) => `data-key:${keyId}`;

/**
 * The citizen policy: a conversation is readable and writable only with its token. A malformed id, an
 * unknown or expired token and a destroyed key all give the same 401, so nothing can be probed.
 */
export async function authorizeCitizen(
  deps: Pick<AppDeps, 'keys' | 'now'>,
  db: Executor,
  credentials: CitizenCredentials,
  options: { forUpdate?: boolean } = {},
): Promise<AuthorizedConversation> {
  return findAuthorized(deps, db, credentials, tokenHashOf(deps, credentials), options);
}

/**
 * The same policy for a citizen turn, answered from the turn cache when the conversation is in it. Only
 * the message path may use it: its commit checks the token and the conversation again in the database.
 */
export async function authorizeCitizenTurn(
  deps: Pick<AppDeps, 'keys' | 'now' | 'db' | 'turnCache'>,
  credentials: CitizenCredentials,
): Promise<AuthorizedConversation> {
  const tokenHash = tokenHashOf(deps, credentials);
  const cached = deps.turnCache.find(credentials.conversationId, tokenHash, deps.now());
  return cached ?? findAuthorized(deps, deps.db, credentials, tokenHash, {});
}

function tokenHashOf(deps: Pick<AppDeps, 'keys'>, credentials: CitizenCredentials): Buffer {
  if (!UUID.test(credentials.conversationId) || !credentials.token || credentials.token.length > 200) {
    throw new AppError('unauthorized');
  }
  return hashToken(deps.keys.tokenKey, credentials.token);
}

async function findAuthorized(
  deps: Pick<AppDeps, 'keys' | 'now'>,
  db: Executor,
  credentials: CitizenCredentials,
  tokenHash: Buffer,
  options: { forUpdate?: boolean },
): Promise<AuthorizedConversation> {
  const row = await findConversationByToken(db, credentials.conversationId, tokenHash, deps.now(), options);
  if (!row?.wrapped_key) throw new AppError('unauthorized');
  return {
    row,
    dataKey: unwrapDataKey(deps.keys.wrapKey, row.wrapped_key, dataKeyAad(row.key_id)),
    tokenHash,
  };
}
