import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

test('healthz answers 503 while the database refuses connections, then 200 again', async () => {
  const name = new URL(t.deps.config.databaseUrl as string).pathname.slice(1);
  assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
  await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
  try {
    const down = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(down.statusCode, 503);
    assert.equal(down.json().error.code, 'unavailable');
    assert.doesNotMatch(down.body, /ALLOW_CONNECTIONS|terminat|pg_|at /);
  } finally {
    await admin(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
  }
  let status = 0;
  for (let i = 0; i < 20 && status !== 200; i++) {
    status = (await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode;
  }
  assert.equal(status, 200);
});
