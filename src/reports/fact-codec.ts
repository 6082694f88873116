import { randomUUID } from 'node:crypto';
import { blindIndex } from '../crypto/blind-index.ts';
import { encryptJson } from '../crypto/envelope.ts';

/** A fact as the engine or the extractor gives it, linked to the message it came from. */
export interface FactInput {
  type: string;
  value: string;
  text: string;
  slot?: string | null;
  messageId?: string | null;
  start?: number;
  end?: number;
  attrs?: Record<string, string>;
}

/** Facts that part 3 cross-references by equality get a blind index of their normalized value. */
export const SEARCHABLE_TYPES = new Set(['plate', 'phone', 'handle', 'address']);

/** Prepares a report_facts row: the content encrypted, the type in clear, a blind index when searchable. */
export function encodeFact(dataKey: Buffer, blindIndexKey: Buffer, reportId: string, fact: FactInput) {
  const id = randomUUID();
  const { type, slot, messageId, ...content } = fact;
  return {
    id,
    report_id: reportId,
    type,
    slot: slot ?? null,
    message_id: messageId ?? null,
    body_enc: encryptJson(dataKey, content, `fact:${id}`),
    blind_index: SEARCHABLE_TYPES.has(type) ? blindIndex(blindIndexKey, type, fact.value) : null,
  };
}
