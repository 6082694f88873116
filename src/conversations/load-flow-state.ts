import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { readStoredFlowState } from './conversation.repo.ts';
import { decodeFlowHead, decodeFlowState, type StoredFlowState } from './flow-state-codec.ts';

/**
 * A conversation's flow state as stored, read in the caller's transaction. The row's head is enough while
 * the conversation has no facts; otherwise the head and the fact rows are read again together, in one
 * statement (readStoredFlowState), which may find a newer head than `row`'s: a turn built on it and on the
 * row's older seq does not commit, and runs again under the row's lock. Every reader of a state comes
 * here, or to the turn cache, which holds what the last turn committed.
 */
export async function loadFlowState(
  db: Executor,
  dataKey: Buffer,
  row: { id: string; state_enc: Buffer },
): Promise<StoredFlowState> {
  const head = decodeFlowHead(dataKey, row.id, row.state_enc);
  if (!head.factNos?.length) return decodeFlowState(dataKey, row.id, head, []);
  const stored = await readStoredFlowState(db, row.id);
  // Erased between the two reads: as if the token no longer opened it.
  if (!stored) throw new AppError('unauthorized');
  const current = stored.stateEnc.equals(row.state_enc)
    ? head
    : decodeFlowHead(dataKey, row.id, stored.stateEnc);
  return decodeFlowState(dataKey, row.id, current, stored.factRows);
}
