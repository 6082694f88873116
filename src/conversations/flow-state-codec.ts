import { decryptBytes, encryptBytes } from '../crypto/envelope.ts';
import type { Fact, FlowState } from './engine/index.ts';

/**
 * How a flow state is stored: its head (everything but the facts, with the facts' numbers in order) in
 * `conversations.state_enc`, and each fact in a row of its own (`conversation_facts`), both encrypted like
 * the messages. A turn writes its new facts and deletes those it replaced, and the head only if it
 * changed: its cost no longer grows with the conversation, whose facts (one per detail added after the
 * summary) made a state of 26 KB rewritten whole at every turn by turn 200 (docs/performance.md, "Long
 * conversations"). The engine works on the whole state as before; only storage is split.
 */
export interface StoredFlowState {
  state: FlowState;
  /** The head as serialized when read or written: a turn whose new head is the same bytes writes none. */
  headJson: Buffer;
  /** The number the next new fact's row takes (numbers are never reused). */
  nextFactNo: number;
}

/** One stored fact, as read from `conversation_facts`. */
export interface FactRow {
  fact_no: number;
  fact_enc: Buffer;
}

/** What a turn writes of its new state: the head (null when unchanged), the facts added and dropped. */
export interface FlowStateWrite {
  stateEnc: Buffer | null;
  addedFacts: { factNo: number; factEnc: Buffer }[];
  droppedFactNos: number[];
  /** The state as stored once the write commits (for the turn cache). */
  stored: StoredFlowState;
}

interface StoredHead extends Omit<FlowState, 'facts'> {
  factNos?: number[];
  nextFactNo?: number;
  /** A state stored before migration 010 holds its facts here; its next turn moves them to rows. */
  facts?: Fact[];
}

const stateAad = (conversationId: string) => `conversation-state:${conversationId}`;
// Bound to its conversation and number: a row moved to another place does not decrypt.
const factAad = (conversationId: string, factNo: number) => `conversation-fact:${conversationId}:${factNo}`;

/**
 * Each fact's row number, by identity. The engine never changes a fact in place (it adds or replaces them)
 * and a turn's new state shares the facts of the state before it, so a fact with a number is stored as it
 * is. Numbers are given when a write is planned: a turn that then fails to commit runs again from the
 * stored state, whose facts are other objects.
 */
const factNumbers = new WeakMap<Fact, number>();

function serializeHead(state: FlowState, factNos: number[], nextFactNo: number): Buffer {
  const { facts: _facts, ...head } = state;
  return Buffer.from(JSON.stringify({ ...head, factNos, nextFactNo }), 'utf8');
}

function encryptFact(dataKey: Buffer, conversationId: string, factNo: number, fact: Fact): Buffer {
  // A fact taken whole from the person's words (its text is its value) is stored without the copy.
  const json = JSON.stringify(fact.text === fact.value ? { ...fact, text: undefined } : fact);
  return encryptBytes(dataKey, Buffer.from(json, 'utf8'), factAad(conversationId, factNo));
}

function withText(fact: Fact): Fact {
  if (fact.text === undefined) fact.text = fact.value;
  return fact;
}

function decryptFact(dataKey: Buffer, conversationId: string, row: FactRow): Fact {
  const json = decryptBytes(dataKey, row.fact_enc, factAad(conversationId, row.fact_no));
  return withText(JSON.parse(json.toString('utf8')) as Fact);
}

/** A stored state's head, decrypted, and the numbers of the fact rows it lists (null: a state before 010). */
export interface DecodedFlowHead {
  head: StoredHead;
  headJson: Buffer;
  factNos: number[] | null;
}

export function decodeFlowHead(dataKey: Buffer, conversationId: string, stateEnc: Buffer): DecodedFlowHead {
  const headJson = decryptBytes(dataKey, stateEnc, stateAad(conversationId));
  const head = JSON.parse(headJson.toString('utf8')) as StoredHead;
  return { head, headJson, factNos: Array.isArray(head.factNos) ? head.factNos : null };
}

/**
 * The whole state from its head and its fact rows (in any order). A row the head lists must be there,
 * unless `skipMissing`: a reader that read the rows apart from the head (a list), where a turn committed
 * in between may have replaced one.
 */
export function decodeFlowState(
  dataKey: Buffer,
  conversationId: string,
  decoded: DecodedFlowHead,
  factRows: FactRow[],
  options: { skipMissing?: boolean } = {},
): StoredFlowState {
  const { factNos: _numbers, nextFactNo, facts: inline, ...head } = decoded.head;
  const rows = new Map(factRows.map((row) => [row.fact_no, row]));
  const facts = decoded.factNos
    ? decoded.factNos.flatMap((factNo) => {
        const row = rows.get(factNo);
        if (!row && options.skipMissing) return [];
        if (!row) throw new Error(`conversation ${conversationId}: fact ${factNo} is missing`);
        const fact = decryptFact(dataKey, conversationId, row);
        factNumbers.set(fact, factNo);
        return [fact];
      })
    : (inline ?? []).map(withText);
  return { state: { ...head, facts } as FlowState, headJson: decoded.headJson, nextFactNo: nextFactNo ?? 1 };
}

/** A new conversation's state, before anything was said (it has no facts yet), encrypted. */
export function encodeNewFlowState(dataKey: Buffer, conversationId: string, state: FlowState): Buffer {
  if (state.facts.length > 0) throw new Error('encodeNewFlowState: a new conversation has no facts');
  return encryptBytes(dataKey, serializeHead(state, [], 1), stateAad(conversationId));
}

/**
 * What storing `state` after `previous` takes: the head if it changed, each fact without a row yet, and
 * the numbers of the facts `state` no longer has.
 */
export function planFlowStateWrite(
  dataKey: Buffer,
  conversationId: string,
  previous: StoredFlowState | null,
  state: FlowState,
): FlowStateWrite {
  let nextFactNo = previous?.nextFactNo ?? 1;
  const addedFacts: FlowStateWrite['addedFacts'] = [];
  const factNos = state.facts.map((fact) => {
    let factNo = factNumbers.get(fact);
    if (factNo === undefined) {
      factNo = nextFactNo++;
      factNumbers.set(fact, factNo);
      addedFacts.push({ factNo, factEnc: encryptFact(dataKey, conversationId, factNo, fact) });
    }
    return factNo;
  });
  const kept = new Set(factNos);
  const droppedFactNos: number[] = [];
  for (const fact of previous?.state.facts ?? []) {
    const factNo = factNumbers.get(fact);
    if (factNo !== undefined && !kept.has(factNo)) droppedFactNos.push(factNo);
  }
  const headJson = serializeHead(state, factNos, nextFactNo);
  const unchanged = previous !== null && headJson.equals(previous.headJson);
  return {
    stateEnc: unchanged ? null : encryptBytes(dataKey, headJson, stateAad(conversationId)),
    addedFacts,
    droppedFactNos,
    stored: { state, headJson: unchanged ? previous.headJson : headJson, nextFactNo },
  };
}
