import assert from 'node:assert/strict';
import { test } from 'node:test';
import { handleCitizenInput, startConversation } from './engine.ts';
import { makeContext, play } from './test-helpers.ts';
import type { FlowState } from './types.ts';

test('the state keeps no citizen text once the category is chosen: its size does not follow the texts', () => {
  const ctx = makeContext();
  let { state } = startConversation('stupefiants');
  // Chit-chat that is no fact (nothing extracted): once the state kept the texts whole, it grew by each.
  const sizes: number[] = [];
  for (let i = 0; i < 120; i++) {
    const text = `je voulais juste vous dire que mes voisins et moi on en a vraiment assez, message ${i}`;
    state = handleCitizenInput(state, { messageId: `m${i}`, text }, ctx).state;
    sizes.push(JSON.stringify(state).length);
  }
  assert.ok(!JSON.stringify(state).includes('vraiment assez, message 119'));
  assert.ok((sizes.at(-1) as number) - (sizes[20] as number) < 200, `${sizes[20]} → ${sizes.at(-1)}`);
  assert.equal(state.textDigests.length, 20);
});

test('the same words again are still recognised, from their digest', () => {
  const ctx = makeContext();
  const { state } = startConversation();
  const text = 'mon voisin me suit depuis des semaines';
  const kept = handleCitizenInput(state, { messageId: 'a', text }, ctx).state;
  const again = handleCitizenInput(kept, { messageId: 'b', text }, ctx);
  assert.deepEqual(again.state, kept);
});

test('a state stored with its texts whole is read as before: the account quoted, ranges of times kept', () => {
  const ctx = makeContext();
  const account =
    'Tous les soirs de 18h à 23h trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon.';
  const current = play(startConversation('autre').state, [{ text: account }], ctx).state;
  // The same state as an older version stored it: every text whole, none of the new fields.
  const { pendingTexts, textDigests, timeRanges, narrativeQuote, hasText, ...rest } = current;
  const legacy = { ...rest, freeTexts: [{ messageId: 'm1', text: account }] } as unknown as FlowState;
  const before = play(current, [{ option: 'stop' }], ctx).replies.at(-1)?.text;
  const after = handleCitizenInput(legacy, { messageId: 'x', option: 'stop' }, ctx);
  assert.equal(after.replies.at(-1)?.text, before);
  assert.match(before ?? '', /de 18h à 23h/);
  assert.ok(!('freeTexts' in after.state));
  assert.equal(after.state.hasText, true);
});

test('texts written before the category are all read for facts once it is chosen', () => {
  const ctx = makeContext();
  let { state } = startConversation();
  for (let i = 0; i < 12; i++) {
    state = handleCitizenInput(state, { messageId: `p${i}`, text: `au secours ${i}` }, ctx).state;
  }
  state = handleCitizenInput(
    state,
    { messageId: 'c', text: 'ce voisin louche habite à Pontarlier' },
    ctx,
  ).state;
  assert.equal(state.category, null);
  const chosen = handleCitizenInput(state, { messageId: 'o', option: 'autre' }, ctx).state;
  assert.ok(
    chosen.facts.some((f) => f.type === 'commune' && f.messageId === 'c'),
    JSON.stringify(chosen.facts),
  );
  assert.deepEqual(chosen.pendingTexts, []);
});
