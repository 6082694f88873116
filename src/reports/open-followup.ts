import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { insertAccessToken } from '../conversations/conversation.repo.ts';
import { TOKEN_LIFETIME_MS } from '../conversations/start-conversation.ts';
import { generateToken, hashReceipt, hashToken, normalizeReceipt } from '../crypto/receipt.ts';
import { AppError } from '../errors.ts';
import { findReportByReceiptHash } from './report.repo.ts';

// A receipt that cannot be canonical still costs one HMAC and one lookup, like a real one.
const IMPOSSIBLE_RECEIPT = '0000-0000-0000-0000';

/**
 * Opens the follow-up of a report with its receipt and gives a new conversation token of scope `followup`:
 * it reads only what follows the submission (the report's state, the investigators' questions, the
 * answers given since), never the original account, and closes only itself. A malformed, wrong
 * or expired receipt gets the same error after the same work; failures are throttled per client, whose
 * address is only ever seen hashed in memory.
 */
export async function openFollowup(
  deps: AppDeps,
  input: { receipt: string; clientAddress: string },
): Promise<{ conversationId: string; token: string }> {
  // Counted before the lookup: attempts sent in parallel all count (a success gives its attempt back).
  if (!deps.receiptThrottle.tryAttempt(input.clientAddress)) throw new AppError('too_many_requests');
  const canonical = normalizeReceipt(String(input.receipt ?? '').slice(0, 100));
  const now = deps.now();
  const report = await findReportByReceiptHash(
    deps.db,
    hashReceipt(deps.keys.receiptKey, canonical ?? IMPOSSIBLE_RECEIPT),
    now,
  );
  if (!canonical || !report) throw new AppError('invalid_receipt');
  deps.receiptThrottle.forgive(input.clientAddress);
  const token = generateToken();
  await deps.db.transaction().execute(async (tx) => {
    await insertAccessToken(tx, {
      tokenHash: hashToken(deps.keys.tokenKey, token),
      conversationId: report.conversation_id,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS),
      scope: 'followup',
    });
    await recordAudit(tx, {
      actorKind: 'citizen',
      action: 'report.followup_opened',
      objectType: 'report',
      objectId: report.id,
      unitIds: [report.unit_id],
    });
  });
  return { conversationId: report.conversation_id, token };
}
