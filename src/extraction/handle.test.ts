import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valuesOf } from './test-helpers.ts';

test('handles after a platform name, with @, or in links', () => {
  assert.deepEqual(valuesOf('Snap : @plug_doubs, ils envoient leur menu', 'handle'), ['plug_doubs']);
  assert.deepEqual(valuesOf('Menu reçu sur Telegram : t.me/frais_du_25', 'handle'), ['frais_du_25']);
  assert.deepEqual(valuesOf("Sur Snap il s'appelle la_frappe25", 'handle'), ['la_frappe25']);
  assert.deepEqual(valuesOf('insta @Le_Plug.25', 'handle'), ['le_plug.25']);
  assert.deepEqual(valuesOf("compte 'ponta.frais'.", 'handle'), ['ponta.frais']);
  assert.deepEqual(valuesOf('snap: DRIVE.PONTA', 'handle'), ['drive.ponta']);
  assert.deepEqual(valuesOf('sur insta sous le nom de bigboss.dole', 'handle'), ['bigboss.dole']);
});

test('not handles', () => {
  assert.deepEqual(valuesOf('je lui ai parlé au téléphone', 'handle'), []);
  assert.deepEqual(valuesOf('il me suit en scooter', 'handle'), []);
  assert.deepEqual(valuesOf('mail: jean.dupont@gmail.com', 'handle'), []);
  assert.deepEqual(valuesOf('Groupe Telegram : https://t.me/+AbCdEf12345', 'handle'), []);
  assert.deepEqual(valuesOf('le menu tourne sur snap tous les jours', 'handle'), []);
});
