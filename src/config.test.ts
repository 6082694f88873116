import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults give a working zero-config start', () => {
  const config = loadConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.dataDir, path.resolve('./data'));
  assert.equal(config.homeDepartement, '25');
  assert.equal(config.secureCookies, false);
  assert.equal(config.uploads.maxBytes, 15 * 1024 * 1024);
});

test('empty values count as unset; https makes cookies Secure', () => {
  const config = loadConfig({ PORT: '', DATABASE_URL: '', VIGIE_PUBLIC_URL: 'https://vigie.example.fr' });
  assert.equal(config.port, 3000);
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.secureCookies, true);
});

test('a bad value stops the start with a French message naming it', () => {
  for (const [name, value] of [
    ['PORT', 'quatre-vingt'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['VIGIE_HOME_DEPARTEMENT', 'Doubs'],
    ['LOG_LEVEL', 'bavard'],
  ] as const) {
    assert.throws(
      () => loadConfig({ [name]: value }),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message.includes(name) &&
        error.message.includes('Configuration invalide'),
      `${name}=${value}`,
    );
  }
});

test('trusted proxies: a hop count or a list of addresses', () => {
  assert.equal(loadConfig({}).trustProxy, undefined);
  assert.equal(loadConfig({ VIGIE_TRUST_PROXY: '1' }).trustProxy, 1);
  assert.equal(loadConfig({ VIGIE_TRUST_PROXY: '10.0.0.1,10.0.0.2' }).trustProxy, '10.0.0.1,10.0.0.2');
  assert.throws(() => loadConfig({ VIGIE_TRUST_PROXY: 'tous' }), ConfigError);
});
