import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { attachmentAad } from '../attachments/upload-attachment.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { decryptFile } from '../crypto/envelope.ts';
import { AppError } from '../errors.ts';
import { findReportAttachment } from './agent-report.repo.ts';
import { authorizeReport } from './report-access.ts';

/** A report's photo, decrypted for an agent of its unit (already cleaned on upload); audited as an export. */
export async function getReportAttachment(
  deps: AppDeps,
  agent: AgentPrincipal,
  input: { reportId: string; attachmentId: string },
): Promise<{ mime: string; bytes: Buffer }> {
  const found = await deps.db.transaction().execute(async (tx) => {
    const { report, dataKey } = await authorizeReport(deps, tx, agent, input.reportId);
    const attachment = await findReportAttachment(tx, report.conversation_id, input.attachmentId);
    if (!attachment) throw new AppError('not_found');
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'report.attachment_exported',
      objectType: 'report',
      objectId: report.id,
      detail: { attachment: attachment.id },
      unitIds: [report.unit_id],
    });
    return { attachment, dataKey };
  });
  const blob = await deps.files.get(found.attachment.storage_key);
  return {
    mime: found.attachment.mime,
    bytes: decryptFile(found.dataKey, blob, attachmentAad(found.attachment.id)),
  };
}
