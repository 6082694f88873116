import { decryptJson, encryptJson } from '../crypto/envelope.ts';

export type Author = 'bot' | 'citizen' | 'agent' | 'system';
export interface MessageOption {
  value: string;
  label: string;
}
/** What is encrypted in messages.body_enc: the text and, for bot questions, the offered options. */
export interface MessageBody {
  text: string;
  options?: MessageOption[];
}
/** A message as it leaves the server (API v1 `Message`). */
export interface MessageView {
  id: string;
  seq: number;
  author: Author;
  text: string;
  options?: MessageOption[];
  at: string;
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
    text: body.text,
    ...(body.options?.length ? { options: body.options } : {}),
    at: row.created_at.toISOString(),
  };
}
