import { decryptBytes, encryptBytes } from '../crypto/envelope.ts';
import type { Fact, FlowState } from './engine/index.ts';

// The flow state holds what the citizen said: it is encrypted like the messages.
const stateAad = (conversationId: string) => `conversation-state:${conversationId}`;

/**
 * Each fact's JSON, kept as long as the fact object lives. The engine never changes a fact in place (it
 * adds or replaces them) and a turn's new state shares the facts of the state before it, so a turn
 * serializes only its new facts: the facts are what still grows in a long conversation (a detail added
 * after the summary is one), and serializing all of them again each turn made turn 200 cost twice turn 5
 * (docs/performance.md, "Long conversations"). A fact whose text is its value (the person's own words
 * taken whole) is stored without the copy, and given it back when read.
 */
const factJson = new WeakMap<object, string>();

function serializeFact(fact: Fact): string {
  let json = factJson.get(fact);
  if (json === undefined) {
    json = JSON.stringify(fact.text === fact.value ? { ...fact, text: undefined } : fact);
    factJson.set(fact, json);
  }
  return json;
}

/**
 * The state as it is encrypted and stored: JSON in UTF-8, the facts last. Kept beside the decoded state
 * by the turn path, so that a turn which leaves the state as it was (the same words again, noise, a
 * question back) writes nothing of it. One string, written once into one buffer: a buffer made of each
 * fact's bytes costs more to put together, and its garbage more to collect (measured).
 */
export function serializeFlowState(state: FlowState): Buffer {
  const { facts, ...rest } = state;
  const head = JSON.stringify(rest);
  return Buffer.from(`${head.slice(0, -1)},"facts":[${facts.map(serializeFact).join(',')}]}`, 'utf8');
}

/** The state stored by serializeFlowState, each fact with its text again. */
export function readFlowState(json: Buffer): FlowState {
  const state = JSON.parse(json.toString('utf8')) as FlowState;
  if (Array.isArray(state.facts)) {
    for (const fact of state.facts) if (fact.text === undefined) fact.text = fact.value;
  }
  return state;
}

export function encryptFlowStateJson(dataKey: Buffer, conversationId: string, json: Buffer): Buffer {
  return encryptBytes(dataKey, json, stateAad(conversationId));
}

export function decryptFlowStateJson(dataKey: Buffer, conversationId: string, blob: Buffer): Buffer {
  return decryptBytes(dataKey, blob, stateAad(conversationId));
}

export function encodeFlowState(dataKey: Buffer, conversationId: string, state: FlowState): Buffer {
  return encryptFlowStateJson(dataKey, conversationId, serializeFlowState(state));
}

export function decodeFlowState(dataKey: Buffer, conversationId: string, blob: Buffer): FlowState {
  return readFlowState(decryptFlowStateJson(dataKey, conversationId, blob));
}
