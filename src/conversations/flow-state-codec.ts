import { decryptJson, encryptJson } from '../crypto/envelope.ts';
import type { FlowState } from './engine/index.ts';

// The flow state holds what the citizen said: it is encrypted like the messages.
const stateAad = (conversationId: string) => `conversation-state:${conversationId}`;

export function encodeFlowState(dataKey: Buffer, conversationId: string, state: FlowState): Buffer {
  return encryptJson(dataKey, state, stateAad(conversationId));
}

export function decodeFlowState(dataKey: Buffer, conversationId: string, blob: Buffer): FlowState {
  return decryptJson<FlowState>(dataKey, blob, stateAad(conversationId));
}
