import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { adminQuery } from '../support/test-database.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

test('healthz answers 503 while the database refuses connections, then 200 again', async () => {
  const name = new URL(t.deps.config.databaseUrl as string).pathname.slice(1);
  assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  try {
    const down = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.equal(down.json().error.code, 'unavailable');
    assert.doesNotMatch(down.body, /ALLOW_CONNECTIONS|terminat|pg_|at /);
  } finally {
    await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  }
  let status = 0;
  for (let i = 0; i < 20 && status !== 200; i++) {
    status = (await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode;
  }
  assert.equal(status, 200);
});
