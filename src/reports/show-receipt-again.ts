import { timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { authorizeCitizen, type CitizenCredentials, scopeOf } from '../conversations/conversation-access.ts';
import { deriveReceipt, hashReceipt } from '../crypto/receipt.ts';
import { AppError } from '../errors.ts';
import { claimReceipt, findReceiptOfConversation } from './report.repo.ts';

/** How long after it was first given the device that received a receipt can be shown it again. */
export const SHOW_AGAIN_WINDOW_MS = 60 * 60 * 1000;

/**
 * The receipt of the conversation's report, for the device whose token it is derived from.
 *
 * - Just transmitted by this device: shown again (`shownAgain`) within the hour, since a reload of the
 *   receipt page (a phone reloading the tab while the person writes the code down elsewhere) would
 *   otherwise lose it for good.
 * - A chat the officer closed into a report: the report has no receipt yet, since only the device holds
 *   the token it is derived from. The first of the conversation's own devices to ask gets it, exactly as
 *   if it had transmitted (the hash is written then, once: a conditional UPDATE, so two devices at once
 *   cannot both get one); afterwards it is shown again to that device only, within the hour.
 *
 * Nobody else (a follow-up opened with the receipt, another device) ever obtains it: 409
 * already_submitted, as for any receipt already given.
 */
export async function showReceiptAgain(
  deps: AppDeps,
  input: CitizenCredentials,
): Promise<{ receipt: string; shownAgain: boolean }> {
  return deps.db.transaction().execute(async (tx) => {
    const { row } = await authorizeCitizen(deps, tx, input);
    const report = row.status === 'submitted' ? await findReceiptOfConversation(tx, row.id) : undefined;
    if (!report || scopeOf(row) !== 'conversation') throw new AppError('already_submitted');
    const receipt = deriveReceipt(deps.keys.receiptDerivationKey, report.id, input.token);
    const expected = hashReceipt(deps.keys.receiptKey, receipt);
    const now = deps.now();
    if (!report.receipt_hash && report.closed_by && (await claimReceipt(tx, report.id, expected, now))) {
      await recordAudit(tx, {
        actorKind: 'citizen',
        action: 'report.receipt_given',
        objectType: 'report',
        objectId: report.id,
        detail: { chat: true },
      });
      return { receipt, shownAgain: false };
    }
    // Given already (to this device a moment ago, maybe by a request sent at the same time): read again.
    const given = report.receipt_hash ? report : await findReceiptOfConversation(tx, row.id);
    const givenAt = given?.receipt_given_at ?? given?.created_at ?? now;
    const recent = now.getTime() - givenAt.getTime() < SHOW_AGAIN_WINDOW_MS;
    if (!recent || !given?.receipt_hash || !timingSafeEqual(expected, given.receipt_hash)) {
      throw new AppError('already_submitted');
    }
    await recordAudit(tx, {
      actorKind: 'citizen',
      action: 'report.receipt_shown_again',
      objectType: 'report',
      objectId: report.id,
      detail: {},
    });
    return { receipt, shownAgain: true };
  });
}
