import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('counts of people', () => {
  assert.deepEqual(valuesOf('Hier deux individus ont vendu', 'persons'), ['2']);
  assert.deepEqual(valuesOf('ya 3 mecs ki dealent', 'persons'), ['3']);
  assert.deepEqual(valuesOf('2 mecs', 'persons'), ['2']);
  assert.deepEqual(valuesOf("Ils sont environ 4 ou 5, le plus vieux a une trentaine d'années.", 'persons'), [
    '5',
  ]);
  assert.deepEqual(valuesOf('3-4 jeunes', 'persons'), ['4']);
  assert.deepEqual(valuesOf('une dizaine de jeunes', 'persons'), ['10']);
  assert.deepEqual(valuesOf('ils étaient une quinzaine', 'persons'), ['15']);
  assert.deepEqual(valuesOf('les guetteurs sont 3', 'persons'), ['3']);
  assert.deepEqual(valuesOf('environ 6 élèves achètent', 'persons'), ['6']);
  assert.deepEqual(valuesOf("Trois jeunes d'environ 17 ans", 'persons'), ['3']);
});

test('ages and single people are not counts', () => {
  assert.deepEqual(valuesOf('ma fille de 15 ans', 'persons'), []);
  assert.deepEqual(valuesOf('un mec avec un couteau', 'persons'), []);
  assert.deepEqual(valuesOf("une trentaine d'années", 'persons'), []);
  assert.deepEqual(valuesOf('ils sont là depuis 3 jours', 'persons'), []);
  assert.deepEqual(valuesOf('10 g de shit et 2 voitures', 'persons'), []);
});
