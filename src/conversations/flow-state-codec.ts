import { decryptBytes, encryptBytes } from '../crypto/envelope.ts';
import type { FlowState } from './engine/index.ts';

// The flow state holds what the citizen said: it is encrypted like the messages.
const stateAad = (conversationId: string) => `conversation-state:${conversationId}`;

/**
 * The state as it is encrypted and stored. Kept beside the decoded state by the turn path, so that a turn
 * which leaves the state as it was (the same words again, noise, a question back) writes nothing of it.
 */
export function serializeFlowState(state: FlowState): string {
  return JSON.stringify(state);
}

export function encryptFlowStateJson(dataKey: Buffer, conversationId: string, json: string): Buffer {
  return encryptBytes(dataKey, Buffer.from(json, 'utf8'), stateAad(conversationId));
}

export function decryptFlowStateJson(dataKey: Buffer, conversationId: string, blob: Buffer): string {
  return decryptBytes(dataKey, blob, stateAad(conversationId)).toString('utf8');
}

export function encodeFlowState(dataKey: Buffer, conversationId: string, state: FlowState): Buffer {
  return encryptFlowStateJson(dataKey, conversationId, serializeFlowState(state));
}

export function decodeFlowState(dataKey: Buffer, conversationId: string, blob: Buffer): FlowState {
  return JSON.parse(decryptFlowStateJson(dataKey, conversationId, blob)) as FlowState;
}
