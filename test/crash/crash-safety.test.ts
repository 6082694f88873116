import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { childEnv, spawnServer } from '../support/server-process.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

let database: TestDatabase;
let dataDir: string;
before(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'vigie-crash-'));
});
after(async () => {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

interface Acknowledged {
  receipt: string;
  text: string;
}

async function submitOne(url: string, n: number): Promise<Acknowledged> {
  const json = async (response: Response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };
  const started = await json(
    await fetch(`${url}/api/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'stupefiants' }),
    }),
  );
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${started.token}` };
  const text = `Signalement ${n} : vente de shit tous les soirs vers 22h à Besançon, scooter AB-${String(100 + (n % 900))}-CD.`;
  await json(
    await fetch(`${url}/api/v1/conversations/${started.id}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ text }),
    }),
  );
  const submitted = await json(
    await fetch(`${url}/api/v1/conversations/${started.id}/submit`, { method: 'POST', headers }),
  );
  return { receipt: submitted.receipt, text };
}

test('SIGKILL in the middle of submissions loses no acknowledged report and leaves no half-written one', async () => {
  const env = childEnv({
    DATABASE_URL: database.ownerUrl,
    VIGIE_APP_DATABASE_URL: database.url,
    VIGIE_DATA_DIR: dataDir,
    VIGIE_MASTER_KEY: randomBytes(32).toString('hex'),
  });
  const logFile = path.join(dataDir, 'server.log');
  const first = await spawnServer(env, logFile);
  const acknowledged: Acknowledged[] = [];
  let n = 0;
  let killed = false;
  const worker = async () => {
    while (!killed) {
      try {
        acknowledged.push(await submitOne(first.url, n++));
      } catch (error) {
        if (killed) return;
        throw error;
      }
      if (acknowledged.length >= 25 && !killed) {
        killed = true;
        first.child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  await first.exited;
  await first.stop();
  assert.ok(acknowledged.length >= 25);

  const second = await spawnServer(env, logFile);
  try {
    for (const { receipt, text } of acknowledged) {
      const opened = await fetch(`${second.url}/api/v1/followup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt }),
      });
      assert.equal(opened.status, 200, `récépissé ${receipt}`);
      const { id, token } = await opened.json();
      const view = await (
        await fetch(`${second.url}/api/v1/conversations/${id}`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json();
      assert.equal(view.status, 'submitted');
      // A receipt opens the report's follow-up, not its original account (part 1b): the report is
      // there, received; its messages are checked whole in the database below.
      assert.equal(view.reportStatus?.code, 'recu');
      assert.ok(!view.messages.some((m: { text: string }) => m.text === text));
    }
  } finally {
    await second.stop();
  }

  // Every report is whole: its conversation is submitted, its history starts at received, its messages
  // have no gap; and no conversation says submitted without its report.
  const broken = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM reports r
    JOIN conversations c ON c.id = r.conversation_id
    WHERE c.status <> 'submitted'
       OR NOT EXISTS (SELECT 1 FROM report_status_changes s WHERE s.report_id = r.id AND s.to_status = 'received')
       OR (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id) <> c.last_seq`.execute(
    database.db,
  );
  assert.equal(broken.rows[0]?.n, 0);
  const orphans = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM conversations c
    WHERE c.status = 'submitted' AND NOT EXISTS (SELECT 1 FROM reports r WHERE r.conversation_id = c.id)`.execute(
    database.db,
  );
  assert.equal(orphans.rows[0]?.n, 0);
});
