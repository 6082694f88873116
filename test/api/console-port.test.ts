import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { findFreePort } from '../../src/db/embedded-postgres.ts';
import { childEnv, type ServerProcess, spawnServer } from '../support/server-process.ts';
import { needsDatabase } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let dir: string;
let server: ServerProcess;
let consoleUrl: string;

before(async () => {
  if (needsDatabase) return;
  database = await createTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'vigie-console-port-'));
  await chmod(dir, 0o711);
  const consolePort = await findFreePort();
  consoleUrl = `http://127.0.0.1:${consolePort}`;
  server = await spawnServer(
    childEnv({
      DATABASE_URL: database.ownerUrl,
      VIGIE_APP_DATABASE_URL: database.url,
      VIGIE_DATA_DIR: path.join(dir, 'data'),
      VIGIE_MASTER_KEY: randomBytes(32).toString('hex'),
      VIGIE_CONSOLE_PORT: String(consolePort),
      VIGIE_CONSOLE_HOST: '127.0.0.1',
    }),
    path.join(dir, 'server.log'),
  );
});

after(async () => {
  await server?.stop();
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('with VIGIE_CONSOLE_PORT the console and the agent API listen apart from the citizen site', {
  skip: needsDatabase,
}, async () => {
  // The citizen port knows nothing of the police side…
  assert.equal((await fetch(`${server.url}/api/v1/auth/me`)).status, 404);
  assert.equal((await fetch(`${server.url}/api/v1/reports`)).status, 404);
  assert.equal((await fetch(`${server.url}/console`)).status, 404);
  const citizenDoc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: object };
  assert.ok(!Object.keys(citizenDoc.paths).some((p) => p.startsWith('/api/v1/reports')));
  const started = await fetch(`${server.url}/api/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  assert.equal(started.status, 201);
  // …and the console's port knows nothing of the citizens'.
  assert.equal((await fetch(`${consoleUrl}/api/v1/auth/me`)).status, 401);
  assert.equal((await fetch(`${consoleUrl}/console`)).status, 200);
  assert.equal(
    (await fetch(`${consoleUrl}/api/v1/conversations`, { method: 'POST', body: '{}' })).status,
    404,
  );
  assert.equal((await fetch(`${consoleUrl}/healthz`)).status, 200);
});
