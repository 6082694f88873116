import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('firearms and blades', () => {
  assert.deepEqual(valuesOf('un mec avec un couteau', 'weapon'), ['arme_blanche']);
  assert.deepEqual(valuesOf('il a sorti un flingue', 'weapon'), ['arme_feu']);
  assert.deepEqual(valuesOf('une kalach et une machette', 'weapon'), ['arme_blanche', 'arme_feu']);
  assert.deepEqual(valuesOf('un fusil à pompe', 'weapon'), ['arme_feu']);
  assert.deepEqual(valuesOf('des coups de feu', 'weapon'), ['arme_feu']);
  assert.deepEqual(valuesOf('un cutter', 'weapon'), ['arme_blanche']);
});

test('not weapons', () => {
  assert.deepEqual(valuesOf("des tirs de mortiers et des feux d'artifice", 'weapon'), []);
  assert.deepEqual(valuesOf('une pompe à vélo', 'weapon'), []);
  assert.deepEqual(valuesOf('des lames de parquet', 'weapon'), []);
});
