import { type Category, describeFact } from '../conversations/engine/index.ts';
import { FLOWS } from '../conversations/flows/index.ts';
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
  /** The value in plain French ("résine de cannabis", "Besançon", "10 €"), as the reporter's summary reads. */
  label: string;
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

/**
 * A fact row as agents see it; `category` picks the flow whose wording describes it (the labels of the
 * options the reporter was offered).
 */
export function decodeFact(
  dataKey: Buffer,
  category: string,
  row: {
    id: string;
    type: string;
    message_id: string | null;
    body_enc: Buffer;
    current_enc: Buffer | null;
    status: string;
    slot?: string | null;
  },
): FactView {
  const original = decryptJson<FactContent>(dataKey, row.body_enc, factAad(row.id));
  const current = row.current_enc
    ? decryptJson<FactContent>(dataKey, row.current_enc, currentAad(row.id))
    : null;
  const shown = current ?? original;
  const flow = FLOWS[category as Category] ?? FLOWS.autre;
  return {
    id: row.id,
    type: row.type,
    value: shown.value,
    label: describeFact(flow, {
      ...shown,
      slot: row.slot ?? '',
      type: row.type,
      messageId: row.message_id ?? '',
    }),
    text: shown.text,
    messageId: row.message_id,
    status: row.status,
    ...(current && { original: { value: original.value, text: original.text } }),
  };
}
