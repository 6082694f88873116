import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('euro amounts in their usual forms', () => {
  assert.deepEqual(valuesOf('de la coke pour 80 euros le gramme', 'money'), ['80']);
  assert.deepEqual(valuesOf('beuh 10€ le g', 'money'), ['10']);
  assert.deepEqual(valuesOf('il a pris 1 500 €', 'money'), ['1500']);
  assert.deepEqual(valuesOf('15 000 euros en liquide', 'money'), ['15000']);
  assert.deepEqual(valuesOf('vingt balles le pochon', 'money'), ['20']);
  assert.deepEqual(valuesOf('1,5k€ la plaquette', 'money'), ['1500']);
  assert.deepEqual(valuesOf('il doit 10k, il paye en cash', 'money'), ['10000']);
  assert.deepEqual(valuesOf('12,50 EUR', 'money'), ['12.5']);
  assert.deepEqual(valuesOf('3 taz pour 20e, 1 g de MD à 40e', 'money'), ['20', '40']);
});

test('a price per unit with a euro context', () => {
  assert.deepEqual(valuesOf('10 g de shit, 50 le gramme', 'money'), ['50']);
  assert.deepEqual(valuesOf('10e le joint tout fait', 'money'), ['10']);
  assert.deepEqual(valuesOf('des pochons de 10 et 20 euros', 'money'), ['10', '20']);
});

test('quantities, times and ordinals are not money', () => {
  assert.deepEqual(valuesOf('10 g de shit', 'money'), []);
  assert.deepEqual(valuesOf('vers 20h, au 3e étage, 1m80, 15 ans', 'money'), []);
  assert.deepEqual(valuesOf('élèves de 3e revendent', 'money'), []);
  assert.deepEqual(valuesOf('il a tiré une balle', 'money'), []);
  assert.deepEqual(valuesOf('10k abonnés sur insta', 'money'), []);
});
