import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { handleCitizenInput, startConversation } from './engine/index.ts';
import { decodeFlowState, encodeFlowState, readFlowState, serializeFlowState } from './flow-state-codec.ts';

const ctx = { now: new Date('2026-03-10T12:00:00+01:00'), departement: '25' };

test('the serialized state is JSON that reads back as the state, facts and all', () => {
  let { state } = startConversation('stupefiants');
  for (const [i, text] of [
    'Tous les soirs vers 21h trois jeunes vendent du shit rue de Dole à Besançon',
    'une Clio grise AB-123-CD',
    'ils ont "un chien" et \\ des trucs\n bizarres',
    'ah et aussi ils crient beaucoup le soir dans la cour',
  ].entries()) {
    state = handleCitizenInput(state, { messageId: `m${i}`, text }, ctx).state;
  }
  assert.ok(state.facts.length > 3);
  // Some facts are the person's words taken whole (their text is their value): stored once, read back twice.
  assert.ok(state.facts.some((f) => f.text === f.value && f.text.includes(' ')));
  assert.deepEqual(readFlowState(serializeFlowState(state)), JSON.parse(JSON.stringify(state)));
  const key = randomBytes(32);
  assert.deepEqual(
    decodeFlowState(key, 'c', encodeFlowState(key, 'c', state)),
    JSON.parse(JSON.stringify(state)),
  );
  // A state without facts is still one object.
  const empty = { ...state, facts: [] };
  assert.deepEqual(readFlowState(serializeFlowState(empty)), JSON.parse(JSON.stringify(empty)));
});

test('a turn that changes nothing serializes to the same text, so it is not written again', () => {
  const { state } = startConversation();
  const again = handleCitizenInput(state, { messageId: 'g', text: 'bonjour' }, ctx).state;
  assert.deepEqual(serializeFlowState(again), serializeFlowState(state));
});
