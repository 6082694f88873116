import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { startCitizenLoad } from '../support/citizen-load.ts';
import { childEnv, type ServerProcess, spawnServer } from '../support/server-process.ts';
import { needsDatabase } from '../support/test-app.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigie-outage-'));
  await chmod(dir, 0o711);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every acknowledged message and receipt is in the database the server came back to. */
async function assertNothingAcknowledgedLost(
  client: pg.Client,
  server: ServerProcess,
  load: ReturnType<typeof startCitizenLoad>,
): Promise<void> {
  const found = await client.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM messages WHERE id = ANY($1::uuid[])',
    [load.messageIds],
  );
  assert.equal(found.rows[0]?.n, load.messageIds.length, 'messages acquittés retrouvés');
  for (const receipt of load.receipts) {
    const opened = await fetch(`${server.url}/api/v1/followup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt }),
    });
    assert.equal(opened.status, 200, `récépissé ${receipt}`);
  }
}

/** While the database was away, the only refusals were 503 with a French message to come back. */
function assertOnlyServiceUnavailable(load: ReturnType<typeof startCitizenLoad>): void {
  const statuses = [...load.refusals.keys()];
  assert.ok(
    statuses.every((status) => status === 503),
    `refus : ${JSON.stringify([...load.refusals])}`,
  );
  for (const code of load.refusalCodes) assert.ok(['overloaded', 'unavailable'].includes(code), code);
}

/** A message posted now reaches an open stream at once: the LISTEN connection is back. */
async function assertLiveStreamWorks(url: string): Promise<void> {
  const started = await fetch(`${url}/api/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"category":"stupefiants"}',
  });
  const { id, token } = (await started.json()) as { id: string; token: string };
  const controller = new AbortController();
  const stream = await fetch(`${url}/api/v1/conversations/${id}/events`, {
    headers: { authorization: `Bearer ${token}`, 'last-event-id': '999' },
    signal: controller.signal,
  });
  const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
  await fetch(`${url}/api/v1/conversations/${id}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{"text":"toujours là ?"}',
  });
  // Well before the 20 s heartbeat: only a notification delivers it this fast.
  const deadline = Date.now() + 5000;
  let received = '';
  while (!received.includes('toujours là ?') && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), sleep(deadline - Date.now()).then(() => null)]);
    if (!chunk || chunk.done) break;
    received += Buffer.from(chunk.value).toString('utf8');
  }
  controller.abort();
  assert.match(received, /toujours là \?/, 'le flux temps réel reçoit de nouveau les messages');
}

test('with DATABASE_URL, terminating every connection of Vigie mid-load: 503 meanwhile, then back by itself, nothing acknowledged lost', {
  skip: needsDatabase,
}, async () => {
  const database: TestDatabase = await createTestDatabase();
  const server = await spawnServer(
    childEnv({
      DATABASE_URL: database.ownerUrl,
      VIGIE_APP_DATABASE_URL: database.url,
      VIGIE_DATA_DIR: path.join(dir, 'url-data'),
      VIGIE_MASTER_KEY: randomBytes(32).toString('hex'),
      VIGIE_CONVERSATIONS_PER_ADDRESS: '100000',
    }),
    path.join(dir, 'url-server.log'),
  );
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  try {
    const load = startCitizenLoad(server.url);
    for (let round = 0; round < 3; round++) {
      await sleep(1500);
      // What a restart, a failover or an administrator does to the server's sessions.
      await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
           WHERE datname = $1 AND application_name LIKE 'vigie%'`,
        [new URL(database.ownerUrl).pathname.slice(1)],
      );
    }
    const lastKill = Date.now();
    await sleep(3000);
    await load.stop();
    assert.equal(server.child.exitCode, null, 'le processus Vigie est toujours là');
    assert.ok(load.lastSuccessAt > lastKill, 'le service a repris seul après la dernière coupure');
    assertOnlyServiceUnavailable(load);
    assert.ok(load.receipts.length > 0 && load.messageIds.length > 0);
    await assertNothingAcknowledgedLost(owner, server, load);
    await assertLiveStreamWorks(server.url);
  } finally {
    await owner.end();
    await server.stop();
    await database.drop();
  }
});

/** The postmaster of the embedded cluster and its backends (postmaster.pid, then its children). */
function clusterProcesses(dataDir: string): number[] {
  const postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {}
  return [postmaster, ...children];
}

test('with the embedded PostgreSQL, SIGKILL of the postmaster and its backends mid-load: restarted by Vigie, nothing acknowledged lost', {
  skip: needsDatabase,
}, async () => {
  const dataDir = path.join(dir, 'embedded-data');
  const server = await spawnServer(
    childEnv({ VIGIE_DATA_DIR: dataDir, VIGIE_CONVERSATIONS_PER_ADDRESS: '100000' }),
    path.join(dir, 'embedded-server.log'),
  );
  try {
    const load = startCitizenLoad(server.url);
    await sleep(2500);
    // As a crash or the out-of-memory killer would: no shutdown, no checkpoint.
    for (const pid of clusterProcesses(dataDir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {}
    }
    const killedAt = Date.now();
    const deadline = killedAt + 45_000;
    while (load.lastSuccessAt <= killedAt && Date.now() < deadline) await sleep(250);
    await sleep(1500);
    await load.stop();
    assert.equal(server.child.exitCode, null, 'le processus Vigie est toujours là');
    assert.ok(load.lastSuccessAt > killedAt, 'le service a repris seul après la mort de PostgreSQL');
    assertOnlyServiceUnavailable(load);
    const log = readFileSync(path.join(dir, 'embedded-server.log'), 'utf8');
    assert.match(log, /PostgreSQL intégré arrêté/);
    assert.match(log, /PostgreSQL intégré redémarré/);

    const port = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
    const password = readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
    const client = new pg.Client({
      connectionString: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    });
    await client.connect();
    try {
      await assertNothingAcknowledgedLost(client, server, load);
    } finally {
      await client.end();
    }
    await assertLiveStreamWorks(server.url);
  } finally {
    await server.stop();
  }
});
