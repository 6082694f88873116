import type { AppDeps } from '../app-deps.ts';
import { listAttachments } from '../attachments/attachment.repo.ts';
import { findReportByConversation } from '../reports/report.repo.ts';
import { citizenStatusOf } from '../reports/report-status.ts';
import { listCitizenMessages } from './conversation.repo.ts';
import { authorizeCitizen, type CitizenCredentials } from './conversation-access.ts';
import { canSubmit } from './engine/index.ts';
import { decodeFlowState } from './flow-state-codec.ts';
import { decodeMessage, type MessageView } from './message-codec.ts';

export interface ConversationView {
  id: string;
  status: string;
  category: string | null;
  messages: MessageView[];
  canSubmit: boolean;
  reportStatus?: { code: string; label: string };
  attachments: { id: string; mime: string; bytes: number }[];
}

/** The conversation as its citizen sees it: messages (never internal notes), photos, report status. */
export async function getConversation(deps: AppDeps, input: CitizenCredentials): Promise<ConversationView> {
  const { row, dataKey } = await authorizeCitizen(deps, deps.db, input);
  const [messages, attachments, report] = await Promise.all([
    listCitizenMessages(deps.db, row.id),
    listAttachments(deps.db, row.id),
    row.status === 'submitted' ? findReportByConversation(deps.db, row.id) : undefined,
  ]);
  return {
    id: row.id,
    status: row.status,
    category: row.category,
    messages: messages.map((message) => decodeMessage(dataKey, message)),
    canSubmit: row.status === 'open' && canSubmit(decodeFlowState(dataKey, row.id, row.state_enc)),
    ...(report && { reportStatus: citizenStatusOf(report.status) }),
    attachments: attachments.map(({ id, mime, bytes }) => ({ id, mime, bytes })),
  };
}

/** Messages after `afterSeq`, for the live stream and its resumption. */
export async function listMessagesAfter(
  deps: AppDeps,
  conversationId: string,
  dataKey: Buffer,
  afterSeq: number,
): Promise<MessageView[]> {
  const rows = await listCitizenMessages(deps.db, conversationId, afterSeq);
  return rows.map((message) => decodeMessage(dataKey, message));
}
