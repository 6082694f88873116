import { decryptJson, encryptJson } from '../crypto/envelope.ts';

/** What a fact's encrypted body holds. */
export interface FactContent {
  value: string;
  text: string;
  start?: number;
  end?: number;
  attrs?: Record<string, string>;
}

/** A fact as agents see it: the current value and, when an agent changed it, what was extracted. */
export interface FactView {
  id: string;
  type: string;
  value: string;
  text: string;
  messageId: string | null;
  status: string;
  original?: { value: string; text: string };
}

export const factAad = (id: string) => `fact:${id}`;
const currentAad = (id: string) => `fact-current:${id}`;

export function encodeCurrentFact(dataKey: Buffer, factId: string, content: FactContent): Buffer {
  return encryptJson(dataKey, content, currentAad(factId));
}

export function decodeFact(
  dataKey: Buffer,
  row: {
    id: string;
    type: string;
    message_id: string | null;
    body_enc: Buffer;
    current_enc: Buffer | null;
    status: string;
  },
): FactView {
  const original = decryptJson<FactContent>(dataKey, row.body_enc, factAad(row.id));
  const current = row.current_enc
    ? decryptJson<FactContent>(dataKey, row.current_enc, currentAad(row.id))
    : null;
  return {
    id: row.id,
    type: row.type,
    value: (current ?? original).value,
    text: (current ?? original).text,
    messageId: row.message_id,
    status: row.status,
    ...(current && { original: { value: original.value, text: original.text } }),
  };
}
