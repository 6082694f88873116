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
  // The citizen pages' one bundled stylesheet, and a DSFR file as the console links them.
  const stylesheet = /href="(\/assets\/vigie-[^"]+\.css)"/.exec(home.body)?.[1];
  assert.ok(stylesheet, 'the home page links its one stylesheet');
  assert.equal(home.headers['content-encoding'], undefined);
  const signIn = await t.app.inject({ method: 'GET', url: '/console' });
  const dsfr = /href="(\/dsfr\/[^"]+\.css[^"]*)"/.exec(signIn.body)?.[1];
  assert.ok(dsfr, 'the console links a DSFR stylesheet');
  for (const url of [stylesheet, dsfr]) {
    const css = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(css.statusCode, 200, url);
    assert.match(String(css.headers['content-encoding']), /br|gzip/, url);
  }
  const api = await t.app.inject({
    method: 'POST',
    url: '/api/v1/conversations',
    payload: {},
    headers: { 'accept-encoding': 'br, gzip' },
  });
  assert.equal(api.statusCode, 201);
  assert.equal(api.headers['content-encoding'], undefined);
});
