import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ env: { VIGIE_TRUST_PROXY: '1' } });
});
after(async () => {
  await t.close();
});

const attempt = (forwardedFor: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/followup',
    payload: { receipt: 'AAAA-BBBB-CCCC-DDDD' },
    remoteAddress: '10.0.0.1',
    headers: { 'x-forwarded-for': forwardedFor },
  });

test('behind a trusted proxy, citizens are throttled one by one, not all together', async () => {
  for (let i = 0; i < 10; i++) assert.equal((await attempt('198.51.100.1')).statusCode, 401);
  assert.equal((await attempt('198.51.100.1')).statusCode, 429);
  assert.equal((await attempt('198.51.100.2')).statusCode, 401, 'another citizen behind the same proxy');
});
