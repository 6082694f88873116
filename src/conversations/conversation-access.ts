import type { AppDeps } from '../app-deps.ts';
import { unwrapDataKey } from '../crypto/envelope.ts';
import { hashToken } from '../crypto/receipt.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { type ConversationRow, findConversationByToken, type TokenScope } from './conversation.repo.ts';
import type { StoredFlowState } from './flow-state-codec.ts';

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
  /** The flow state as stored, when the turn cache already holds it (state_enc and the fact rows, decrypted). */
  stored?: StoredFlowState;
}

export const dataKeyAad = (keyId: string) => `data-key:${keyId}`;

/** What the token that authorized `row` opens: a row read without its scope counts as a follow-up's. */
export function scopeOf(row: Pick<ConversationRow, 'token_scope'>): TokenScope {
  return row.token_scope === 'conversation' ? 'conversation' : 'followup';
}

/**
 * The seq after which this access reads the conversation's messages. The device's own token reads it all
 * (0). A follow-up opened with the receipt reads only what follows the submission's system message: the
 * investigators' questions and the answers given since, never the original account, which stays with the
 * police (whoever finds a receipt must not read the statement). Should the submission's seq be missing,
 * a follow-up reads only what comes next, never more.
 */
export function visibleAfterSeq(
  row: Pick<ConversationRow, 'token_scope' | 'submitted_seq' | 'last_seq'>,
): number {
  if (scopeOf(row) === 'conversation') return 0;
  return row.submitted_seq ?? row.last_seq;
}

/**
 * The citizen policy: a conversation is readable and writable only with its token. A malformed id, an
 * unknown or expired token and a destroyed key all give the same 401, so nothing can be probed. What the
 * token lets its holder read is its scope (`row.token_scope`, see `visibleAfterSeq`).
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
