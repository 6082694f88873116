import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('clock times', () => {
  assert.deepEqual(valuesOf('vers 21h', 'time'), ['21:00']);
  assert.deepEqual(valuesOf('20h30', 'time'), ['20:30']);
  assert.deepEqual(valuesOf('à 20:30', 'time'), ['20:30']);
  assert.deepEqual(valuesOf('à midi', 'time'), ['12:00']);
  assert.deepEqual(valuesOf('de 16h à minuit', 'time'), ['00:00', '16:00']);
  assert.deepEqual(valuesOf('entre 22 et 23h', 'time'), ['22:00', '23:00']);
  assert.deepEqual(valuesOf('à 2h du matin', 'time'), ['02:00']);
  assert.deepEqual(valuesOf('à 8h du soir', 'time'), ['20:00']);
  assert.deepEqual(valuesOf('vers deux heures', 'time'), ['02:00']);
  assert.deepEqual(valuesOf('midi et demi', 'time'), ['12:30']);
  assert.deepEqual(valuesOf('ce soir vers 23h', 'time'), ['23:00']);
});

test('durations and non-times', () => {
  assert.deepEqual(valuesOf("l'après-midi", 'time'), []);
  assert.deepEqual(valuesOf('ouvert 24h/24 7j/7', 'time'), []);
  assert.deepEqual(valuesOf('il y a 3h', 'time'), []);
  assert.deepEqual(valuesOf('pendant 2 heures', 'time'), []);
  assert.deepEqual(valuesOf('toutes les 2h', 'time'), []);
  assert.deepEqual(valuesOf('pendant deux heures', 'time'), []);
  assert.deepEqual(valuesOf('il mesure 1m80', 'time'), []);
});
