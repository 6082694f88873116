import { decryptJson, encryptJson } from '../crypto/envelope.ts';

export type Author = 'bot' | 'citizen' | 'agent' | 'system';
export interface MessageOption {
  value: string;
  label: string;
  /** Chosen alone even where several options may be chosen together. */
  exclusive?: boolean;
  /** Shown together with the options of the same group, folded under this heading. */
  group?: string;
}
/**
 * A list inside a bot message (the summary's facts), as data: the renderers show `before`, then the items
 * as one list, then `after`, and never make a list out of `text`. An item never holds a line break.
 */
export interface MessageList {
  before: string;
  items: string[];
  after?: string;
}
/**
 * What is encrypted in messages.body_enc: the text and, for bot questions, the offered options and how
 * they are answered (the bot's whole reply is stored; only these fields are read back).
 */
export interface MessageBody {
  text: string;
  options?: MessageOption[];
  input?: 'text' | 'choice' | 'multiple';
  list?: MessageList;
}
/** A message as it leaves the server (API v1 `Message`). */
export interface MessageView {
  id: string;
  seq: number;
  author: Author;
  /** The whole message in plain text; for a message with a list, one "• " line per item. */
  text: string;
  /** The message's list: what renderers show instead of `text` (see MessageList). */
  list?: MessageList;
  options?: MessageOption[];
  /** Several options may be chosen together (their values sent comma-separated). */
  multiple?: boolean;
  at: string;
}

/** The fields of a message view that come from its body. */
export function bodyView(body: MessageBody): Pick<MessageView, 'text' | 'list' | 'options' | 'multiple'> {
  const list = body.list ? { list: body.list } : {};
  if (!body.options?.length) return { text: body.text, ...list };
  return {
    text: body.text,
    ...list,
    options: body.options,
    ...(body.input === 'multiple' ? { multiple: true } : {}),
  };
}

// The AAD ties a ciphertext to its row: a body copied onto another message does not decrypt.
const messageAad = (id: string) => `message:${id}`;

export function encodeMessage(dataKey: Buffer, id: string, body: MessageBody): Buffer {
  return encryptJson(dataKey, body, messageAad(id));
}

export function decodeMessage(
  dataKey: Buffer,
  row: { id: string; seq: number; author: Author; body_enc: Buffer; created_at: Date },
): MessageView {
  const body = decryptJson<MessageBody>(dataKey, row.body_enc, messageAad(row.id));
  return {
    id: row.id,
    seq: row.seq,
    author: row.author,
    ...bodyView(body),
    at: row.created_at.toISOString(),
  };
}
