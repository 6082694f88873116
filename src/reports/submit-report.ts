import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from '../conversations/conversation-access.ts';
import { assertConversationTransition } from '../conversations/conversation-status.ts';
import { canSubmit } from '../conversations/engine/index.ts';
import { loadFlowState } from '../conversations/load-flow-state.ts';
import { deriveReceipt, hashReceipt } from '../crypto/receipt.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { announceQueueChanged } from '../livechat/queue-topic.ts';
import { createReport } from './create-report.ts';
import { unitTopic } from './inbox-events.repo.ts';
import { findSubmittedReportKey, recordSubmitKey } from './submit-idempotency.repo.ts';
import { hashIdempotencyKey, IDEMPOTENCY_WINDOW_MS, sameIdempotencyKey } from './submit-idempotency.ts';

export const SUBMITTED_MESSAGE =
  'Votre signalement a été transmis aux forces de l’ordre. Conservez votre récépissé : il est le seul moyen ' +
  'de suivre votre signalement et de répondre aux questions des enquêteurs.';

/**
 * Turns the conversation into a report (fiche), in one transaction: facts with the message each came from,
 * place of the facts, receiving unit from the routing table, a keyed hash of its receipt (derived from the
 * transmitting device's token). The receipt is returned, never stored; when this returns, the report is
 * committed.
 *
 * With an `idempotencyKey` (a partner app's Idempotency-Key header), a keyed hash of it is kept with the
 * report, and the same request sent again (same key, same token, within the hour: an app that lost the
 * answer) gets the same receipt again, derived as before, instead of 409 already_submitted. Two such
 * requests at once are serialized by the conversation's row lock: the second finds the first's report.
 */
export async function submitReport(
  deps: AppDeps,
  input: CitizenCredentials & { idempotencyKey?: string },
): Promise<{ receipt: string; reportId: string }> {
  const keyHash =
    input.idempotencyKey === undefined
      ? null
      : hashIdempotencyKey(deps.keys.tokenKey, input.conversationId, input.idempotencyKey);
  const reportId = randomUUID();
  const receipt = deriveReceipt(deps.keys.receiptDerivationKey, reportId, input.token);
  // From now on the conversation is a report: its turns no longer go through the turn cache.
  deps.turnCache.drop(input.conversationId, deps.now());
  const announced = await deps.db.transaction().execute(async (tx) => {
    const { row, dataKey } = await authorizeCitizen(deps, tx, input, { forUpdate: true });
    if (row.status === 'submitted' && keyHash) {
      const again = await receiptForRetry(deps, tx, row.id, keyHash, input.token);
      if (again) return { again };
    }
    assertConversationTransition(row.status, 'submitted');
    const { state } = await loadFlowState(tx, dataKey, row);
    if (!canSubmit(state)) throw new AppError('nothing_to_submit');
    // Transmitted from the queue or from a chat: the consoles drop it.
    if (row.status !== 'open') await announceQueueChanged(tx);
    const created = await createReport(deps, tx, {
      reportId,
      conversation: row,
      dataKey,
      state,
      receiptHash: hashReceipt(deps.keys.receiptKey, receipt),
      closedBy: null,
      systemText: SUBMITTED_MESSAGE,
      now: deps.now(),
    });
    if (keyHash) await recordSubmitKey(tx, reportId, keyHash);
    return { conversationId: row.id, seq: created.seq, event: created.event };
  });
  if (announced.again) return announced.again;
  deps.hub.announce(announced.conversationId, announced.seq);
  if (announced.event) deps.hub.announce(unitTopic(announced.event.unitId), announced.event.id);
  return { receipt, reportId };
}

/**
 * The receipt of the conversation's report for a submission sent again: only with the key it was
 * transmitted with, within IDEMPOTENCY_WINDOW_MS, and from the device that transmitted it (the receipt
 * derived from this token must be the stored one). Audited like a receipt shown again. Otherwise nothing,
 * and the caller answers 409 already_submitted.
 */
async function receiptForRetry(
  deps: AppDeps,
  tx: Executor,
  conversationId: string,
  keyHash: Buffer,
  token: string,
): Promise<{ receipt: string; reportId: string } | null> {
  const report = await findSubmittedReportKey(tx, conversationId);
  if (!report || !sameIdempotencyKey(report.submit_key_hash, keyHash)) return null;
  if (deps.now().getTime() - report.created_at.getTime() >= IDEMPOTENCY_WINDOW_MS) return null;
  const receipt = deriveReceipt(deps.keys.receiptDerivationKey, report.id, token);
  if (!timingSafeEqual(hashReceipt(deps.keys.receiptKey, receipt), report.receipt_hash)) return null;
  await recordAudit(tx, {
    actorKind: 'citizen',
    action: 'report.receipt_shown_again',
    objectType: 'report',
    objectId: report.id,
    detail: { idempotencyKey: true },
  });
  return { receipt, reportId: report.id };
}
