import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

// NOW is Tuesday 2026-03-10.
test('relative days against now in Europe/Paris', () => {
  assert.deepEqual(valuesOf('hier', 'date'), ['2026-03-09']);
  assert.deepEqual(valuesOf('avant-hier', 'date'), ['2026-03-08']);
  assert.deepEqual(valuesOf("aujourd'hui", 'date'), ['2026-03-10']);
  assert.deepEqual(valuesOf('demain', 'date'), ['2026-03-11']);
  assert.deepEqual(valuesOf('ce soir vers 23h', 'date'), ['2026-03-10']);
  assert.deepEqual(valuesOf('il y a 3 jours', 'date'), ['2026-03-07']);
  // 23:30 UTC on 9 March is already 10 March in Paris.
  assert.deepEqual(valuesOf('hier', 'date', '25', '2026-03-09T23:30:00Z'), ['2026-03-09']);
});

test('weekdays', () => {
  assert.deepEqual(valuesOf('samedi dernier', 'date'), ['2026-03-07']);
  assert.deepEqual(valuesOf('lundi', 'date'), ['2026-03-09']);
  assert.deepEqual(valuesOf('mardi dernier', 'date'), ['2026-03-03']);
  assert.deepEqual(valuesOf('vendredi prochain', 'date'), ['2026-03-13']);
  assert.deepEqual(valuesOf('tous les vendredis', 'date'), []);
  assert.deepEqual(valuesOf('le samedi ils sont là', 'date'), []);
});

test('explicit dates', () => {
  assert.deepEqual(valuesOf('le 3 décembre dernier', 'date'), ['2025-12-03']);
  assert.deepEqual(valuesOf('Le 2 mars vers 18h30', 'date'), ['2026-03-02']);
  assert.deepEqual(valuesOf('le 1er mars', 'date'), ['2026-03-01']);
  assert.deepEqual(valuesOf('le 12/11/2026', 'date'), ['2026-11-12']);
  assert.deepEqual(valuesOf('le 12/11', 'date'), ['2025-11-12']);
  assert.deepEqual(valuesOf('le 05/03/26', 'date'), ['2026-03-05']);
  assert.deepEqual(valuesOf('samedi 7 mars', 'date'), ['2026-03-07']);
});

test('numbers that are not dates', () => {
  assert.deepEqual(valuesOf('1/2 kilo', 'date'), []);
  assert.deepEqual(valuesOf('garée depuis 3 jours', 'date'), []);
  assert.deepEqual(valuesOf('24h/24', 'date'), []);
});
