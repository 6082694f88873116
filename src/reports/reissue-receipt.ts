import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from '../conversations/conversation-access.ts';
import { generateReceipt, hashReceipt } from '../crypto/receipt.ts';
import { AppError } from '../errors.ts';
import { findReportByConversation, replaceReceiptHash } from './report.repo.ts';

/** How long after transmission the device that transmitted can still get a new receipt. */
export const REISSUE_WINDOW_MS = 60 * 60 * 1000;

/**
 * A new receipt for a report just transmitted from this device, which replaces the first one. The receipt
 * is shown once and never stored, so a reload of the receipt page (a phone reloading the tab while the
 * person writes the code down elsewhere) would otherwise lose it for good. Only within an hour of the
 * transmission, and only while the device still holds the session (it ends once "J'ai noté" is ticked).
 */
export async function reissueReceipt(deps: AppDeps, input: CitizenCredentials): Promise<{ receipt: string }> {
  const receipt = generateReceipt();
  await deps.db.transaction().execute(async (tx) => {
    const { row } = await authorizeCitizen(deps, tx, input, { forUpdate: true });
    const report = row.status === 'submitted' ? await findReportByConversation(tx, row.id) : undefined;
    const recent = report && deps.now().getTime() - report.created_at.getTime() < REISSUE_WINDOW_MS;
    if (!report || !recent) throw new AppError('already_submitted');
    await replaceReceiptHash(tx, report.id, hashReceipt(deps.keys.receiptKey, receipt));
    await recordAudit(tx, {
      actorKind: 'citizen',
      action: 'report.receipt_reissued',
      objectType: 'report',
      objectId: report.id,
      detail: {},
    });
  });
  return { receipt };
}
