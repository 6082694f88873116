import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('SIV plates in any spacing or case', () => {
  assert.deepEqual(valuesOf('immatriculée GA-318-PT', 'plate'), ['GA-318-PT']);
  assert.deepEqual(valuesOf('plaque ga318pt', 'plate'), ['GA-318-PT']);
  assert.deepEqual(valuesOf('plaque ab 123 cd', 'plate'), ['AB-123-CD']);
  assert.deepEqual(valuesOf('immat. EH.527.TB', 'plate'), ['EH-527-TB']);
  assert.deepEqual(valuesOf('une golf FB 290 LM', 'plate'), ['FB-290-LM']);
});

test('old FNI plates', () => {
  assert.deepEqual(valuesOf('ancienne plaque 456 ABC 25', 'plate'), ['456-ABC-25']);
  assert.deepEqual(valuesOf('immat 8812 TZ 25', 'plate'), ['8812-TZ-25']);
});

test('numbers that are not plates', () => {
  assert.deepEqual(valuesOf("J'habite au 4 rue des Lilas, appartement 12, digicode 4589.", 'plate'), []);
  assert.deepEqual(valuesOf('la 308 et la clio', 'plate'), []);
  assert.deepEqual(valuesOf('vers 10 h 30 il arrive', 'plate'), []);
  assert.deepEqual(valuesOf('il a 15 ans et 20 euros', 'plate'), []);
  assert.deepEqual(valuesOf('le 12 mars 2026 à 20h', 'plate'), []);
});
