import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('French numbers in national, +33 and 0033 forms', () => {
  assert.deepEqual(valuesOf('Le numéro : 06 55 44 33 22', 'phone'), ['+33655443322']);
  assert.deepEqual(valuesOf('tel 0655443322', 'phone'), ['+33655443322']);
  assert.deepEqual(valuesOf('07.49.30.62.18', 'phone'), ['+33749306218']);
  assert.deepEqual(valuesOf('06-58-47-11-23', 'phone'), ['+33658471123']);
  assert.deepEqual(valuesOf('Tel: 06/84/22/13/57', 'phone'), ['+33684221357']);
  assert.deepEqual(valuesOf('+33 6 12 34 56 78', 'phone'), ['+33612345678']);
  assert.deepEqual(valuesOf('+33 (0)6 12 34 56 78', 'phone'), ['+33612345678']);
  assert.deepEqual(valuesOf('0033612345678', 'phone'), ['+33612345678']);
});

test('foreign numbers keep their country code', () => {
  assert.deepEqual(valuesOf('whatsapp +212 6 61 23 45 67', 'phone'), ['+212661234567']);
  assert.deepEqual(valuesOf('appelle le 0032 470 12 34 56', 'phone'), ['+32470123456']);
});

test('numbers that are not phones', () => {
  assert.deepEqual(valuesOf('digicode 4589, bus 27, 15000 euros, 12/11/2026', 'phone'), []);
  assert.deepEqual(valuesOf('Je peux pas appeler le 17', 'phone'), []);
});
