import { timingSafeEqual } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from '../conversations/conversation-access.ts';
import { deriveReceipt, hashReceipt } from '../crypto/receipt.ts';
import { AppError } from '../errors.ts';
import { findReceiptOfConversation } from './report.repo.ts';

/** How long after transmission the device that transmitted can be shown its receipt again. */
export const SHOW_AGAIN_WINDOW_MS = 60 * 60 * 1000;

/**
 * The receipt of a report just transmitted, shown again to the device that transmitted it: a reload of
 * the receipt page (a phone reloading the tab while the person writes the code down elsewhere) would
 * otherwise lose it for good. The receipt is derived from that device's token, so it is the same one,
 * and no other session (a follow-up opened with the receipt, say) can obtain it. Only within an hour of
 * the transmission, and only while the device holds its session (it ends once "J'ai noté" is ticked).
 */
export async function showReceiptAgain(
  deps: AppDeps,
  input: CitizenCredentials,
): Promise<{ receipt: string }> {
  return deps.db.transaction().execute(async (tx) => {
    const { row } = await authorizeCitizen(deps, tx, input);
    const report = row.status === 'submitted' ? await findReceiptOfConversation(tx, row.id) : undefined;
    const recent = report && deps.now().getTime() - report.created_at.getTime() < SHOW_AGAIN_WINDOW_MS;
    if (!report || !recent) throw new AppError('already_submitted');
    const receipt = deriveReceipt(deps.keys.receiptDerivationKey, report.id, input.token);
    const expected = hashReceipt(deps.keys.receiptKey, receipt);
    if (!timingSafeEqual(expected, report.receipt_hash)) throw new AppError('already_submitted');
    await recordAudit(tx, {
      actorKind: 'citizen',
      action: 'report.receipt_shown_again',
      objectType: 'report',
      objectId: report.id,
      detail: {},
    });
    return { receipt };
  });
}
