import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('slang maps to the normalized list', () => {
  assert.deepEqual(valuesOf('des jeunes vendent du shit', 'substance'), ['cannabis_resine']);
  assert.deepEqual(valuesOf('du teush et d la beuh', 'substance'), ['cannabis_herbe', 'cannabis_resine']);
  assert.deepEqual(valuesOf('de la coke', 'substance'), ['cocaine']);
  assert.deepEqual(valuesOf('2g de cc', 'substance'), ['cocaine']);
  assert.deepEqual(valuesOf('il vend de la C', 'substance'), ['cocaine']);
  assert.deepEqual(valuesOf("des cachets d'ecsta", 'substance'), ['mdma']);
  assert.deepEqual(valuesOf('3 taz', 'substance'), ['mdma']);
  assert.deepEqual(valuesOf('des bonbonnes de proto partout', 'substance'), ['protoxyde_azote']);
  assert.deepEqual(valuesOf('du PTC, du buddha blue', 'substance'), ['cannabinoides_synthese']);
  assert.deepEqual(valuesOf('du Lyrica et du Subutex', 'substance'), ['medicaments']);
  assert.deepEqual(valuesOf("de l'héro", 'substance'), ['heroine']);
  assert.deepEqual(valuesOf('des galettes de crack', 'substance'), ['crack']);
  assert.deepEqual(valuesOf('de la kéta et des ecstas', 'substance'), ['ketamine', 'mdma']);
  assert.deepEqual(valuesOf('un joint', 'substance'), ['cannabis']);
  assert.deepEqual(valuesOf('on ma propose de la ké', 'substance'), ['ketamine']);
  assert.deepEqual(valuesOf('ke ya des mecs', 'substance'), []);
  assert.deepEqual(valuesOf('trafic de speed et de meth', 'substance'), ['amphetamine', 'methamphetamine']);
});

test('unspecified only for generic drug talk', () => {
  assert.deepEqual(valuesOf('Trafic de stupéfiants à Villers-le-Lac', 'substance'), ['unspecified']);
  assert.deepEqual(valuesOf('ils vendent de la drogue et de la coke', 'substance'), ['cocaine']);
});

test('ordinary words are not drugs', () => {
  assert.deepEqual(valuesOf("ils s'assoient sur l'herbe", 'substance'), []);
  assert.deepEqual(valuesOf('cc tout le monde', 'substance'), []);
  assert.deepEqual(valuesOf('un scooter 50cc', 'substance'), []);
  assert.deepEqual(valuesOf('il la frappe tous les soirs', 'substance'), []);
  assert.deepEqual(valuesOf('C est grave', 'substance'), []);
  assert.deepEqual(valuesOf("attaque à l'acide", 'substance'), []);
  assert.deepEqual(valuesOf('la marchandise arrive par la route', 'substance'), []);
});
