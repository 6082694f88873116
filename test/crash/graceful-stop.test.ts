import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { childEnv, spawnServer } from '../support/server-process.ts';
import { needsDatabase } from '../support/test-app.ts';
import { createTestDatabase } from '../support/test-database.ts';

test('SIGTERM drains: the server closes its streams and its database, then exits 0 (no library exit hook cuts it short)', {
  skip: needsDatabase,
}, async () => {
  const database = await createTestDatabase();
  const dir = await mkdtemp(path.join(tmpdir(), 'vigie-stop-'));
  await chmod(dir, 0o711);
  const logFile = path.join(dir, 'server.log');
  const server = await spawnServer(
    childEnv({
      DATABASE_URL: database.ownerUrl,
      VIGIE_APP_DATABASE_URL: database.url,
      VIGIE_DATA_DIR: path.join(dir, 'data'),
      VIGIE_MASTER_KEY: randomBytes(32).toString('hex'),
    }),
    logFile,
  );
  try {
    const started = await fetch(`${server.url}/api/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const { id, token } = (await started.json()) as { id: string; token: string };
    const stream = await fetch(`${server.url}/api/v1/conversations/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(stream.status, 200);
    const reading = (async () => {
      const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
      try {
        while (!(await reader.read()).done) {}
      } catch {}
    })();
    server.child.kill('SIGTERM');
    await server.exited;
    await reading;
    assert.equal(server.child.exitCode, 0, readFileSync(logFile, 'utf8').slice(-2000));
    assert.match(readFileSync(logFile, 'utf8'), /arrêt \(SIGTERM\)/);
  } finally {
    await server.stop();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
});
