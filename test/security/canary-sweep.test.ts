import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import sharp from 'sharp';
import { openEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { childEnv, type ServerProcess, spawnServer } from '../support/server-process.ts';
import { createTestDatabase } from '../support/test-database.ts';

const tag = randomBytes(4).toString('hex');
const CANARY_IP = `198.51.100.${(parseInt(tag.slice(0, 2), 16) % 200) + 20}`;
const CANARY_UA = `CanaryBrowser/7.${tag} (vigie-ua-canary-${tag})`;
const CANARY_TEXT = `canari${tag}texte`;
const CANARY_HEADERS = {
  'x-forwarded-for': CANARY_IP,
  'x-real-ip': CANARY_IP,
  forwarded: `for=${CANARY_IP}`,
  'user-agent': CANARY_UA,
};

let workDir: string;
let dataDir: string;
let logFile: string;
let server: ServerProcess;

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'vigie-canary-'));
  await chmod(workDir, 0o711);
  dataDir = path.join(workDir, 'data');
  logFile = path.join(workDir, 'server.log');
  // The embedded default, as `npm start` runs it: the PostgreSQL cluster lives in the data directory.
  server = await spawnServer(childEnv({ VIGIE_DATA_DIR: dataDir }), logFile);
});
after(async () => {
  await server?.stop();
  await rm(workDir, { recursive: true, force: true });
});

async function callAt(
  base: string,
  method: string,
  url: string,
  options: { token?: string; body?: unknown; form?: FormData } = {},
) {
  const headers: Record<string, string> = { ...CANARY_HEADERS };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${url}`, {
    method,
    headers,
    body: options.form ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
  });
  return {
    status: response.status,
    json: response.headers.get('content-type')?.includes('json')
      ? await response.json()
      : await response.text(),
  };
}

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

/** Every row of every table as text: what pg_dump writes, for a server this pg_dump cannot dump. */
async function dumpDatabase(): Promise<string> {
  const { url } = await openEmbeddedPostgres(dataDir);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let dump = '';
    const tables = await client.query<{ tablename: string }>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    for (const { tablename } of tables.rows) {
      const rows = await client.query(`SELECT t::text AS row FROM "${tablename}" t`);
      dump += rows.rows.map((r) => r.row).join('\n');
    }
    return dump;
  } finally {
    await client.end();
  }
}

/** A whole conversation carrying the canaries: messages, a photo, errors, submission, follow-up. */
async function driveCanaryConversation(base: string): Promise<void> {
  const call = (method: string, url: string, options: Parameters<typeof callAt>[3] = {}) =>
    callAt(base, method, url, options);
  const started = await call('POST', '/api/v1/conversations', { body: {} });
  assert.equal(started.status, 201);
  const { id, token } = started.json;
  assert.equal(
    (await call('POST', `/api/v1/conversations/${id}/messages`, { token, body: { option: 'stupefiants' } }))
      .status,
    201,
  );
  const text = `Vente de coke vers 22h à Besançon, scooter GA-318-PT, ${CANARY_TEXT}`;
  assert.equal(
    (await call('POST', `/api/v1/conversations/${id}/messages`, { token, body: { text } })).status,
    201,
  );
  const photo = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#884422' } })
    .jpeg()
    .withExif({ IFD0: { Make: `Camera${CANARY_TEXT}`, ImageDescription: CANARY_TEXT } })
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([photo], { type: 'image/jpeg' }), 'photo.jpg');
  assert.equal((await call('POST', `/api/v1/conversations/${id}/attachments`, { token, form })).status, 201);
  await call('POST', `/api/v1/conversations/${id}/messages`, { token, body: { text: '{bad' } });
  await call('GET', '/page-inexistante');
  await call('GET', '/');
  const submitted = await call('POST', `/api/v1/conversations/${id}/submit`, { token });
  assert.equal(submitted.status, 201);
  await call('POST', '/api/v1/followup', { body: { receipt: 'ZZZZ-ZZZZ-ZZZZ-ZZZZ' } });
  const reopened = await call('POST', '/api/v1/followup', { body: { receipt: submitted.json.receipt } });
  assert.equal(reopened.status, 200);
  await call('POST', `/api/v1/conversations/${id}/messages`, {
    token: reopened.json.token,
    body: { text: `Encore ${CANARY_TEXT}` },
  });
  const view = await call('GET', `/api/v1/conversations/${id}`, { token: reopened.json.token });
  assert.ok(
    view.json.messages.some((m: { text: string }) => m.text.includes(CANARY_TEXT)),
    'the text is readable by its owner',
  );
}

test('a canary address, User-Agent and text sent through a whole conversation', async () => {
  await driveCanaryConversation(server.url);
  const dump = await dumpDatabase();
  assert.ok(dump.length > 1000, 'the dump is not empty');
  for (const needle of [
    CANARY_IP,
    CANARY_UA,
    `vigie-ua-canary-${tag}`,
    CANARY_TEXT,
    Buffer.from(CANARY_TEXT).toString('hex'),
  ]) {
    assert.ok(!dump.includes(needle), `dump contains ${needle}`);
  }

  await server.stop();
  const logs = await readFile(logFile, 'utf8');
  assert.ok(logs.length > 0, 'the server wrote logs');
  for (const needle of [CANARY_IP, `vigie-ua-canary-${tag}`, CANARY_TEXT]) {
    assert.ok(!logs.includes(needle), `logs contain ${needle}`);
  }

  let scanned = 0;
  for await (const file of filesUnder(dataDir)) {
    if ((await stat(file)).size > 64 * 1024 * 1024) continue;
    const bytes = await readFile(file);
    scanned++;
    for (const needle of [CANARY_IP, `vigie-ua-canary-${tag}`, CANARY_TEXT]) {
      assert.equal(bytes.indexOf(needle), -1, `${path.relative(dataDir, file)} contains ${needle}`);
    }
  }
  assert.ok(scanned > 100, 'the PostgreSQL cluster files were scanned');
});

function pgDumpMajor(): number | null {
  try {
    return Number(/(\d+)/.exec(execFileSync('pg_dump', ['--version'], { encoding: 'utf8' }))?.[1]);
  } catch {
    return null;
  }
}

const pgDumpSkip = !process.env.DATABASE_URL
  ? 'nécessite DATABASE_URL (le serveur PostgreSQL de la machine)'
  : pgDumpMajor() === null
    ? 'pg_dump absent'
    : false;

test('the same conversation on a PostgreSQL server leaves nothing in its pg_dump', {
  skip: pgDumpSkip,
}, async (context) => {
  const database = await createTestDatabase();
  const probe = new pg.Client({ connectionString: database.url });
  await probe.connect();
  const serverMajor =
    Number((await probe.query('SHOW server_version_num')).rows[0].server_version_num) / 10000;
  await probe.end();
  const dir = await mkdtemp(path.join(tmpdir(), 'vigie-canary-dump-'));
  try {
    if (Math.floor(serverMajor) > (pgDumpMajor() ?? 0)) {
      context.skip(`pg_dump ${pgDumpMajor()} ne sait pas lire un serveur ${Math.floor(serverMajor)}`);
      return;
    }
    const other = await spawnServer(
      childEnv({
        DATABASE_URL: database.ownerUrl,
        VIGIE_APP_DATABASE_URL: database.url,
        VIGIE_DATA_DIR: path.join(dir, 'data'),
      }),
      path.join(dir, 'server.log'),
    );
    try {
      await driveCanaryConversation(other.url);
    } finally {
      await other.stop();
    }
    const dump = execFileSync('pg_dump', ['--dbname', database.url], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    });
    assert.match(dump, /CREATE TABLE public\.messages/);
    for (const needle of [
      CANARY_IP,
      `vigie-ua-canary-${tag}`,
      CANARY_TEXT,
      Buffer.from(CANARY_TEXT).toString('hex'),
    ]) {
      assert.ok(!dump.includes(needle), `pg_dump contains ${needle}`);
    }
    const logs = await readFile(path.join(dir, 'server.log'), 'utf8');
    for (const needle of [CANARY_IP, `vigie-ua-canary-${tag}`, CANARY_TEXT])
      assert.ok(!logs.includes(needle));
  } finally {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
});
