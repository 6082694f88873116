import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { updateConversation } from '../conversations/conversation.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from '../conversations/conversation-access.ts';
import { assertConversationTransition } from '../conversations/conversation-status.ts';
import { canSubmit, summarizeForReport } from '../conversations/engine/index.ts';
import { decodeFlowState } from '../conversations/flow-state-codec.ts';
import { persistMessages } from '../conversations/persist-messages.ts';
import { deriveReceipt, hashReceipt } from '../crypto/receipt.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findPlatformUnit } from '../units/unit.repo.ts';
import { encodeFact } from './fact-codec.ts';
import { recordInboxEvent, unitTopic } from './inbox-events.repo.ts';
import { findCommuneDepartement, findRoutedUnit, insertFacts, insertReport } from './report.repo.ts';
import { findSubmittedReportKey, recordSubmitKey } from './submit-idempotency.repo.ts';
import { hashIdempotencyKey, IDEMPOTENCY_WINDOW_MS, sameIdempotencyKey } from './submit-idempotency.ts';

export const SUBMITTED_MESSAGE =
  'Votre signalement a été transmis aux forces de l’ordre. Conservez votre récépissé : il est le seul moyen ' +
  'de suivre votre signalement et de répondre aux questions des enquêteurs.';

const DAY_MS = 24 * 60 * 60 * 1000;

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
    const state = decodeFlowState(dataKey, row.id, row.state_enc);
    if (!canSubmit(state)) throw new AppError('nothing_to_submit');
    const summary = summarizeForReport(state);
    const now = deps.now();
    const departementCode = summary.communeInsee
      ? await findCommuneDepartement(tx, summary.communeInsee)
      : null;
    // Every report arrives at the reception platform; the routing table says where it will go next.
    const platform = await findPlatformUnit(tx);
    const platformId = platform?.id ?? null;

    await insertReport(tx, {
      id: reportId,
      conversationId: row.id,
      keyId: row.key_id,
      receiptHash: hashReceipt(deps.keys.receiptKey, receipt),
      receiptExpiresAt: new Date(now.getTime() + deps.config.receiptDays * DAY_MS),
      category: summary.category,
      communeInsee: departementCode ? summary.communeInsee : null,
      departementCode,
      unitId: platformId,
      suggestedUnitId: await findRoutedUnit(tx, summary.category, departementCode),
      emergency: summary.emergency,
      wantsOfficer: summary.wantsOfficer,
      createdAt: now,
    });
    if (keyHash) await recordSubmitKey(tx, reportId, keyHash);
    await insertFacts(
      tx,
      summary.facts.map((fact) => encodeFact(dataKey, deps.keys.blindIndexKey, reportId, fact)),
    );
    const written = await persistMessages(
      tx,
      dataKey,
      row.id,
      row.last_seq,
      [{ author: 'system', body: { text: SUBMITTED_MESSAGE } }],
      now,
    );
    await updateConversation(tx, row.id, { status: 'submitted', submittedAt: now, lastSeq: written.lastSeq });
    await recordAudit(tx, {
      actorKind: 'citizen',
      action: 'report.created',
      objectType: 'report',
      objectId: reportId,
      detail: { category: summary.category, facts: summary.facts.length },
      unitIds: [platformId],
    });
    const event = platformId
      ? await recordInboxEvent(tx, { unitId: platformId, reportId, kind: 'report.arrived' })
      : null;
    return { conversationId: row.id, seq: written.lastSeq, event };
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
