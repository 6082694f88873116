import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { encryptBytes } from '../crypto/envelope.ts';
import { type FlowState, handleCitizenInput, startConversation } from './engine/index.ts';
import {
  decodeFlowHead,
  decodeFlowState,
  encodeNewFlowState,
  type FactRow,
  type FlowStateWrite,
  planFlowStateWrite,
  type StoredFlowState,
} from './flow-state-codec.ts';

const ctx = { now: new Date('2026-03-10T12:00:00+01:00'), departement: '25' };
const key = randomBytes(32);
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

/** The rows a database would hold after applying `write` to `rows`. */
function apply(rows: Map<number, Buffer>, write: FlowStateWrite): Map<number, Buffer> {
  const next = new Map(rows);
  for (const factNo of write.droppedFactNos) next.delete(factNo);
  for (const fact of write.addedFacts) next.set(fact.factNo, fact.factEnc);
  return next;
}

function read(stateEnc: Buffer, rows: Map<number, Buffer>): StoredFlowState {
  const factRows: FactRow[] = [...rows].map(([fact_no, fact_enc]) => ({ fact_no, fact_enc }));
  return decodeFlowState(key, 'c', decodeFlowHead(key, 'c', stateEnc), factRows.reverse());
}

function said(state: FlowState, texts: string[]): FlowState {
  for (const [i, text] of texts.entries()) {
    state = handleCitizenInput(state, { messageId: `m${i}-${text.length}`, text }, ctx).state;
  }
  return state;
}

test('the head and the fact rows read back as the state, facts in order and with their text', () => {
  const start = startConversation('stupefiants').state;
  let stored = read(encodeNewFlowState(key, 'c', start), new Map());
  assert.deepEqual(plain(stored.state), plain(start));
  const state = said(start, [
    'Tous les soirs vers 21h trois jeunes vendent du shit rue de Dole à Besançon',
    'une Clio grise AB-123-CD',
    'ils ont "un chien" et \\ des trucs\n bizarres',
  ]);
  assert.ok(state.facts.length > 3);
  // Some facts are the person's words taken whole (their text is their value): stored once, read twice.
  assert.ok(state.facts.some((f) => f.text === f.value && f.text.includes(' ')));
  const write = planFlowStateWrite(key, 'c', stored, state);
  assert.equal(write.addedFacts.length, state.facts.length);
  assert.deepEqual(write.droppedFactNos, []);
  assert.ok(write.stateEnc);
  const rows = apply(new Map(), write);
  stored = read(write.stateEnc, rows);
  assert.deepEqual(plain(stored.state), plain(state));
  // The head holds no fact and no citizen text: only the facts' numbers.
  const head = decodeFlowHead(key, 'c', write.stateEnc).head;
  assert.equal('facts' in head, false);
  assert.deepEqual(head.factNos, [...rows.keys()]);
  assert.ok(!decodeFlowHead(key, 'c', write.stateEnc).headJson.toString().includes('Clio'));
});

test('a later turn writes only its new facts, and deletes the row of a fact it replaced', () => {
  const base = said(startConversation('stupefiants').state, [
    'trois jeunes vendent du shit rue de Dole à Besançon le soir',
  ]);
  const first = planFlowStateWrite(key, 'c', null, base);
  let rows = apply(new Map(), first);
  const stored = read(first.stateEnc as Buffer, rows);
  const more = said(stored.state, ['ah et aussi une Clio grise AB-123-CD passe les livrer']);
  const second = planFlowStateWrite(key, 'c', stored, more);
  assert.equal(second.addedFacts.length, more.facts.length - stored.state.facts.length);
  assert.ok(second.addedFacts.length > 0);
  // Numbers are never given twice.
  assert.ok(second.addedFacts.every((f) => !rows.has(f.factNo)));
  rows = apply(rows, second);
  const after = read(second.stateEnc as Buffer, rows);
  assert.deepEqual(plain(after.state), plain(more));

  // A fact replaced by another (here, the commune cleared to be given again) loses its row.
  const commune = after.state.facts.find((f) => f.type === 'commune');
  assert.ok(commune);
  const corrected: FlowState = { ...after.state, facts: after.state.facts.filter((f) => f !== commune) };
  const third = planFlowStateWrite(key, 'c', after, corrected);
  assert.equal(third.droppedFactNos.length, 1);
  assert.deepEqual(third.addedFacts, []);
  rows = apply(rows, third);
  assert.deepEqual(plain(read(third.stateEnc as Buffer, rows).state), plain(corrected));
});

test('a turn that changes nothing writes nothing: no head, no fact', () => {
  const state = said(startConversation('stupefiants').state, ['deux dealers rue de Dole à Besançon']);
  const write = planFlowStateWrite(key, 'c', null, state);
  const stored = read(write.stateEnc as Buffer, apply(new Map(), write));
  const again = handleCitizenInput(stored.state, { messageId: 'x', text: 'euh' }, ctx).state;
  const none = planFlowStateWrite(key, 'c', stored, again);
  assert.equal(none.stateEnc, null);
  assert.deepEqual(none.addedFacts, []);
  assert.deepEqual(none.droppedFactNos, []);
});

test('a fact row does not decrypt under another number or conversation, and a missing one is an error', () => {
  const state = said(startConversation('stupefiants').state, ['deux dealers rue de Dole à Besançon à 21h']);
  const write = planFlowStateWrite(key, 'c', null, state);
  const rows = apply(new Map(), write);
  assert.ok(rows.size >= 2, `${rows.size} facts`);
  const [a, b] = [...rows.keys()] as [number, number];
  const swapped = new Map(rows).set(a, rows.get(b) as Buffer).set(b, rows.get(a) as Buffer);
  assert.throws(() => read(write.stateEnc as Buffer, swapped));
  // The same rows read as another conversation's (its head encrypted under that conversation's name).
  const elsewhere = planFlowStateWrite(key, 'other', null, state).stateEnc as Buffer;
  const factRows = [...rows].map(([fact_no, fact_enc]) => ({ fact_no, fact_enc }));
  assert.doesNotThrow(() => decodeFlowHead(key, 'other', elsewhere));
  assert.throws(() => decodeFlowState(key, 'other', decodeFlowHead(key, 'other', elsewhere), factRows));
  const missing = new Map(rows);
  missing.delete(b);
  assert.throws(() => read(write.stateEnc as Buffer, missing), /missing/);
  // A list reads the rows apart from the heads: there, a row replaced meanwhile is only left out.
  const missingRows = [...missing].map(([fact_no, fact_enc]) => ({ fact_no, fact_enc }));
  const head = decodeFlowHead(key, 'c', write.stateEnc as Buffer);
  const listed = decodeFlowState(key, 'c', head, missingRows, { skipMissing: true }).state.facts;
  assert.equal(listed.length, state.facts.length - 1);
});

test('a state stored before the facts had rows keeps its facts, and its next write moves them to rows', () => {
  const state = said(startConversation('stupefiants').state, ['deux dealers rue de Dole à Besançon le soir']);
  // The old format: the whole state, facts inline, a fact taken whole stored without its text.
  const legacy = {
    ...state,
    facts: state.facts.map((f) => (f.text === f.value ? { ...f, text: undefined } : f)),
  };
  const legacyEnc = encryptBytes(key, Buffer.from(JSON.stringify(legacy)), 'conversation-state:c');
  const stored = read(legacyEnc, new Map());
  assert.deepEqual(plain(stored.state), plain(state));
  const write = planFlowStateWrite(key, 'c', stored, stored.state);
  assert.equal(write.addedFacts.length, state.facts.length);
  assert.ok(write.stateEnc, 'the head is written without the facts');
  assert.deepEqual(plain(read(write.stateEnc, apply(new Map(), write)).state), plain(state));
});
