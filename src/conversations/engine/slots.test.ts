import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FLOWS } from '../flows/index.ts';
import { addFact, detectSlotsInText, matchOptionKeywords } from './slots.ts';
import type { FlowState } from './types.ts';

function emptyState(): FlowState {
  return { facts: [], slots: {} } as unknown as FlowState;
}

test('of two facts with one value, the more detailed stays', () => {
  const state = emptyState();
  const base = { slot: 'vehicule', type: 'vehicle', value: 'voiture', messageId: 'm' };
  assert.ok(addFact(state, { ...base, text: 'des voitures' }));
  assert.ok(addFact(state, { ...base, text: 'Golf noire', attrs: { brand: 'Golf', color: 'noir' } }));
  assert.ok(!addFact(state, { ...base, text: 'voiture' }));
  assert.deepEqual(
    state.facts.map((f) => f.text),
    ['Golf noire'],
  );
});

test('mentions are read in any text; keywords anchored at the start only in an answer', () => {
  const flow = FLOWS.violences_sexuelles;
  const author = flow.questions.find((q) => q.id === 'auteur');
  assert.ok(author);
  // "oui" answers "Connaissez-vous l'auteur ?", but a text starting with "oui" elsewhere names no one.
  assert.equal(matchOptionKeywords(author, 'oui')[0]?.value, 'connu');
  assert.equal(matchOptionKeywords(author, 'oui', 'mention').length, 0);
  const state = emptyState();
  detectSlotsInText(state, FLOWS.violences_intrafamiliales, "on n'a pas d'enfant", 'm', null);
  assert.equal(state.facts.find((f) => f.slot === 'enfants')?.value, 'non');
  detectSlotsInText(state, FLOWS.violences_intrafamiliales, 'je ne veux pas parler à un policier', 'm', null);
  assert.deepEqual(state.slots.policier, { status: 'none', values: ['non'] });
});
