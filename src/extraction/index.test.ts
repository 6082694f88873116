import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractEntities } from './index.ts';
import { NOW } from './test-helpers.ts';

test('entities are sorted by start and text is the exact slice', () => {
  const text = 'Hier vers 22h, 2 mecs en scooter vendaient de la coke à Planoise, tel 06 12 34 56 78.';
  const entities = extractEntities(text, { now: NOW });
  assert.ok(entities.length >= 7);
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i];
    assert.ok(e);
    assert.equal(text.slice(e.start, e.end), e.text);
    if (i > 0) assert.ok((entities[i - 1]?.start ?? 0) <= e.start);
  }
  assert.deepEqual(
    entities.map((e) => `${e.type}=${e.value}`),
    [
      'date=2026-03-09',
      'time=22:00',
      'persons=2',
      'vehicle=scooter',
      'substance=cocaine',
      'commune=25056',
      'phone=+33612345678',
    ],
  );
});

test('offsets stay right with accents and typographic apostrophes', () => {
  const text = 'Près de l’église à Besançon, ça deale';
  const [commune] = extractEntities(text, { now: NOW });
  assert.equal(commune?.text, 'Besançon');
});

test('empty message, emoji and a bad now', () => {
  assert.deepEqual(extractEntities('', { now: NOW }), []);
  assert.deepEqual(extractEntities('😡😡 ??', { now: NOW }), []);
  assert.throws(() => extractEntities('hier', { now: 'pas une date' }), /Date de référence invalide/);
});

test('one message takes a few milliseconds once the index is built', () => {
  extractEntities('à Besançon', { now: NOW });
  const text =
    'alors voila ya 3 mecs ki dealent du teush et d la beuh derriere le lidl de pontarlier, golf grise immat FB 290 LM';
  const start = performance.now();
  for (let i = 0; i < 100; i++) extractEntities(text, { now: NOW });
  const perMessage = (performance.now() - start) / 100;
  assert.ok(perMessage < 20, `${perMessage} ms par message`);
});
