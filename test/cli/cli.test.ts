import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { childEnv, type ServerProcess, spawnServer } from '../support/server-process.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let workDir: string;
let dataDir: string;

function vigie(
  args: string[],
  input?: string,
  env: NodeJS.ProcessEnv = childEnv({ VIGIE_DATA_DIR: dataDir }),
) {
  return spawnSync(process.execPath, [path.join(root, 'bin/vigie.js'), ...args], {
    cwd: root,
    env,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

before(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'vigie-cli-'));
  await chmod(workDir, 0o711);
  dataDir = path.join(workDir, 'data');
});
after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

test('help lists the commands', () => {
  const result = vigie(['--help']);
  assert.equal(result.status, 0);
  for (const command of ['serve', 'migrate', 'extract']) assert.match(result.stdout, new RegExp(command));
  const unknown = vigie(['envole-toi']);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Commande inconnue/);
});

test('extract reads one message, or JSON lines', () => {
  const one = vigie(
    ['extract', '--now', '2026-03-10T12:00:00+01:00'],
    'Hier vers 20h une Clio AB-123-CD à Dole (39)',
  );
  assert.equal(one.status, 0, one.stderr);
  const { entities } = JSON.parse(one.stdout);
  const pairs = entities.map((e: { type: string; value: string }) => `${e.type}=${e.value}`);
  for (const expected of ['date=2026-03-09', 'time=20:00', 'plate=AB-123-CD', 'commune=39198']) {
    assert.ok(pairs.includes(expected), `${expected} in ${pairs}`);
  }
  const lines = vigie(
    ['extract', '--jsonl'],
    '{"id":"a","text":"06 12 34 56 78"}\n{"id":"b","text":"rue de Dole à Besançon","departement":"25"}\n',
  );
  assert.equal(lines.status, 0, lines.stderr);
  const outputs = lines.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
  assert.deepEqual(
    outputs.map((o) => o.id),
    ['a', 'b'],
  );
  assert.equal(outputs[0].entities[0].value, '+33612345678');
  assert.deepEqual(
    outputs[1].entities.map((e: { value: string }) => e.value),
    ['25056'],
  );
});

test('migrate works with and without a server running on the same data directory', async () => {
  const alone = vigie(['migrate']);
  assert.equal(alone.status, 0, alone.stderr);
  assert.match(alone.stdout, /Base de données à jour/);
  let server: ServerProcess | undefined;
  try {
    server = await spawnServer(childEnv({ VIGIE_DATA_DIR: dataDir }), path.join(workDir, 'server.log'));
    const beside = vigie(['migrate']);
    assert.equal(beside.status, 0, beside.stderr);
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200, 'the server still answers after the CLI ran beside it');
  } finally {
    await server?.stop();
  }
});

test('a bad configuration stops the start with a clear message', () => {
  const result = vigie(['serve'], undefined, childEnv({ VIGIE_DATA_DIR: dataDir, PORT: 'abc' }));
  assert.equal(result.status, 1);
  assert.match(result.stderr, /Configuration invalide/);
  assert.match(result.stderr, /PORT/);
});
