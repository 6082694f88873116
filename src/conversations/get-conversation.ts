import type { AppDeps } from '../app-deps.ts';
import { listAttachments } from '../attachments/attachment.repo.ts';
import { queueStanding } from '../livechat/queue-standing.ts';
import { findReportByConversation } from '../reports/report.repo.ts';
import { citizenStatusOf } from '../reports/report-status.ts';
import { listCitizenMessages, type TokenScope } from './conversation.repo.ts';
import {
  type AuthorizedConversation,
  authorizeCitizen,
  type CitizenCredentials,
  scopeOf,
  visibleAfterSeq,
} from './conversation-access.ts';
import { isChatting } from './conversation-status.ts';
import { canSubmit } from './engine/index.ts';
import { loadFlowState } from './load-flow-state.ts';
import { decodeMessage, type MessageView } from './message-codec.ts';

export interface ConversationView {
  id: string;
  status: string;
  category: string | null;
  /** What the session opens: its own conversation, or the follow-up of a report opened with the receipt. */
  scope: TokenScope;
  messages: MessageView[];
  canSubmit: boolean;
  reportStatus?: { code: string; label: string };
  /**
   * An officer closed the chat into a report whose receipt no device has read yet: this device may read it
   * (`POST …/receipt`, or the conversation page, which shows it).
   */
  receiptReady: boolean;
  /** The report came from a chat an officer closed (the page then shows this device its receipt). */
  closedByOfficer: boolean;
  /** In line for an officer: the place in the queue, and whether an operator is there to take it. */
  queue?: { position: number; operatorsOnline: boolean };
  attachments: { id: string; mime: string; bytes: number }[];
}

/**
 * The conversation as its citizen sees it: messages (never internal notes), photos, report status. A
 * follow-up opened with the receipt sees only what follows the submission (the investigators' questions
 * and the answers given since) and the report's state: neither the original account nor its photos.
 */
export async function getConversation(deps: AppDeps, input: CitizenCredentials): Promise<ConversationView> {
  const { row, dataKey } = await authorizeCitizen(deps, deps.db, input);
  const scope = scopeOf(row);
  const conversationScope = scope === 'conversation' && isChatting(row.status);
  const [messages, attachments, report, queue, stored] = await Promise.all([
    listCitizenMessages(deps.db, row.id, visibleAfterSeq(row)),
    scope === 'conversation' ? listAttachments(deps.db, row.id) : [],
    row.status === 'submitted' ? findReportByConversation(deps.db, row.id) : undefined,
    row.status === 'waiting_agent' ? queueStanding(deps.db, row.id, deps.now()) : undefined,
    conversationScope ? loadFlowState(deps.db, dataKey, row) : undefined,
  ]);
  return {
    id: row.id,
    status: row.status,
    category: row.category,
    scope,
    messages: messages.map((message) => decodeMessage(dataKey, message)),
    canSubmit: stored !== undefined && canSubmit(stored.state),
    ...(report && { reportStatus: citizenStatusOf(report.status) }),
    receiptReady: scope === 'conversation' && Boolean(report?.closed_by && report.receipt_pending),
    closedByOfficer: Boolean(report?.closed_by),
    ...(queue && { queue }),
    attachments: attachments.map(({ id, mime, bytes }) => ({ id, mime, bytes })),
  };
}

/**
 * Messages after `afterSeq`, for the live stream and its resumption, as the access that opened the stream
 * may read them: a follow-up opened with the receipt never gets what precedes the submission, whatever
 * `afterSeq` (a Last-Event-ID of 0) asks for.
 */
export async function listMessagesAfter(
  deps: AppDeps,
  conversation: Pick<AuthorizedConversation, 'row' | 'dataKey'>,
  afterSeq: number,
): Promise<MessageView[]> {
  const { row, dataKey } = conversation;
  const rows = await listCitizenMessages(deps.db, row.id, Math.max(afterSeq, visibleAfterSeq(row)));
  return rows.map((message) => decodeMessage(dataKey, message));
}
