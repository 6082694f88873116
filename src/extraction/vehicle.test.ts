import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractEntities } from './index.ts';
import { valuesOf } from './test-helpers.ts';

test('vehicle nouns', () => {
  assert.deepEqual(valuesOf('il livre en scooter', 'vehicle'), ['scooter']);
  assert.deepEqual(valuesOf('trottinette électrique', 'vehicle'), ['trottinette']);
  assert.deepEqual(valuesOf('une camionnette blanche', 'vehicle'), ['camionnette']);
  assert.deepEqual(valuesOf('à vélo', 'vehicle'), ['velo']);
  assert.deepEqual(valuesOf('des quads et une moto cross', 'vehicle'), ['moto', 'quad']);
});

test('brands and models imply the kind and go in attrs', () => {
  const [car] = extractEntities('Une Peugeot 208 noire immatriculée GA-318-PT').filter(
    (e) => e.type === 'vehicle',
  );
  assert.equal(car?.value, 'voiture');
  assert.deepEqual(car?.attrs, { brand: 'Peugeot', model: '208', color: 'noir' });
  assert.deepEqual(valuesOf('une Clio grise', 'vehicle'), ['voiture']);
  assert.deepEqual(valuesOf('ils ont une golf grise', 'vehicle'), ['voiture']);
  assert.deepEqual(valuesOf('un T-Max', 'vehicle'), ['scooter']);
  assert.deepEqual(valuesOf('une BMW série 3', 'vehicle'), ['voiture']);
  assert.deepEqual(valuesOf('un scooter Yamaha', 'vehicle'), ['scooter']);
  assert.deepEqual(valuesOf('un Kangoo', 'vehicle'), ['camionnette']);
});

test('words that are not vehicles', () => {
  assert.deepEqual(valuesOf('un polo rouge et un jogging', 'vehicle'), []);
  assert.deepEqual(valuesOf('un trafic de drogue', 'vehicle'), []);
  assert.deepEqual(valuesOf('ils ont braqué la caisse du tabac', 'vehicle'), []);
  assert.deepEqual(valuesOf('le bus 206 passe à 18h', 'vehicle'), []);
  assert.deepEqual(valuesOf('un terrain de golf', 'vehicle'), []);
});
