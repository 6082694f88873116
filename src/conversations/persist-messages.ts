import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/database.ts';
import { appendMessages, type NewMessageRow } from './conversation.repo.ts';
import { type Author, bodyView, encodeMessage, type MessageBody, type MessageView } from './message-codec.ts';

export interface MessageDraft {
  author: Author;
  body: MessageBody;
  /** Set when something (a fact) must point at this message before it is written. */
  id?: string;
  agentId?: string;
  internal?: boolean;
}

export interface PreparedMessages {
  rows: NewMessageRow[];
  views: MessageView[];
  lastSeq: number;
}

/** Encrypts drafts into rows numbered after `lastSeq`, and the views the citizen will receive. */
export function prepareMessages(
  dataKey: Buffer,
  lastSeq: number,
  drafts: MessageDraft[],
  now: Date,
): PreparedMessages {
  const withIds = drafts.map((draft) => ({ ...draft, id: draft.id ?? randomUUID() }));
  return {
    rows: withIds.map((m) => ({
      id: m.id,
      author: m.author,
      body_enc: encodeMessage(dataKey, m.id, m.body),
      ...(m.agentId && { agent_id: m.agentId }),
      ...(m.internal && { internal: true }),
    })),
    views: withIds.map((m, index) => ({
      id: m.id,
      seq: lastSeq + index + 1,
      author: m.author,
      ...bodyView(m.body),
      at: now.toISOString(),
    })),
    lastSeq: lastSeq + withIds.length,
  };
}

/**
 * Encrypts and appends messages to a conversation whose row the caller has locked, and returns them as
 * the citizen will see them. The caller updates conversations.last_seq with the returned value.
 */
export async function persistMessages(
  db: Executor,
  dataKey: Buffer,
  conversationId: string,
  lastSeq: number,
  drafts: MessageDraft[],
  now: Date,
): Promise<{ lastSeq: number; views: MessageView[] }> {
  const prepared = prepareMessages(dataKey, lastSeq, drafts, now);
  await appendMessages(db, conversationId, lastSeq, prepared.rows, now);
  return { lastSeq: prepared.lastSeq, views: prepared.views };
}
