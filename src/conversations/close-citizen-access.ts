import type { AppDeps } from '../app-deps.ts';
import { AppError } from '../errors.ts';
import { deleteAccessToken } from './conversation.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from './conversation-access.ts';

/**
 * "Quitter rapidement": this device's token stops opening the conversation, whatever happens to its
 * cookie; no other access is touched, whatever this one's scope. Nothing else changes: a transmitted report stays with the police (the receipt still opens
 * it); a conversation not transmitted can no longer be resumed and is purged with the abandoned ones.
 */
export async function closeCitizenAccess(deps: AppDeps, input: CitizenCredentials): Promise<void> {
  try {
    const { row, tokenHash } = await authorizeCitizen(deps, deps.db, input);
    await deleteAccessToken(deps.db, row.id, tokenHash);
    deps.turnCache.drop(row.id, deps.now());
  } catch (error) {
    // Already closed, expired or forged: there is nothing left to close.
    if (!(error instanceof AppError)) throw error;
  }
}
