import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

test('static text assets are compressed; pages and API answers are not (BREACH)', async () => {
  const home = await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(home.statusCode, 200);
  const stylesheet = /href="(\/dsfr\/[^"]+\.css[^"]*)"/.exec(home.body)?.[1];
  assert.ok(stylesheet, 'the home page links a DSFR stylesheet');
  assert.equal(home.headers['content-encoding'], undefined);
  const css = await t.app.inject({
    method: 'GET',
    url: stylesheet,
    headers: { 'accept-encoding': 'br, gzip' },
  });
  assert.equal(css.statusCode, 200);
  assert.match(String(css.headers['content-encoding']), /br|gzip/);
  const api = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    payload: {},
    headers: { 'accept-encoding': 'br, gzip' },
  });
  assert.equal(api.statusCode, 201);
  assert.equal(api.headers['content-encoding'], undefined);
});
