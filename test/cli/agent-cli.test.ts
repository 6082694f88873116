import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { currentTotp } from '../../src/agents/totp.ts';
import { createDb, type Db } from '../../src/db/database.ts';
import { childEnv, type ServerProcess, spawnServer } from '../support/server-process.ts';
import { needsDatabase } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function vigie(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [path.join(root, 'bin/vigie.js'), ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

interface Created {
  username: string;
  password: string;
  totpSecret: string;
  otpauthUrl: string;
}

function parseCreated(stdout: string): Created {
  const lines = stdout.trim().split('\n');
  assert.equal(lines.length, 1, `one line of JSON on stdout: ${stdout}`);
  return JSON.parse(lines[0] as string);
}

describe('vigie agent / units / audit on a DATABASE_URL', { skip: needsDatabase }, () => {
  let database: TestDatabase;
  let workDir: string;
  let owner: Db;
  let env: NodeJS.ProcessEnv;
  const run = (args: string[]) => vigie(args, env);

  before(async () => {
    if (needsDatabase) return;
    database = await createTestDatabase();
    workDir = await mkdtemp(path.join(tmpdir(), 'vigie-agent-cli-'));
    await chmod(workDir, 0o711);
    // The CLI derives its database role's password from this key and sets it: from here on the test
    // reads as the owner, never through the test database's own pool.
    env = childEnv({
      DATABASE_URL: database.ownerUrl,
      VIGIE_MASTER_KEY: randomBytes(32).toString('base64'),
      VIGIE_DATA_DIR: path.join(workDir, 'data'),
    });
    owner = createDb(database.ownerUrl, 1).db;
  });
  after(async () => {
    await owner?.destroy();
    await database?.drop();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  test('agent create prints one line of JSON with a generated password and an otpauth URL', async () => {
    const result = run([
      'agent',
      'create',
      '--username',
      'Chef.Dole',
      '--role',
      'superviseur',
      '--unit',
      'CROS39',
    ]);
    assert.equal(result.status, 0, result.stderr);
    const created = parseCreated(result.stdout);
    assert.deepEqual(Object.keys(created).sort(), ['otpauthUrl', 'password', 'totpSecret', 'username']);
    assert.equal(created.username, 'chef.dole');
    assert.ok(created.password.length >= 20, created.password);
    assert.match(created.totpSecret, /^[A-Z2-7]{32}$/);
    assert.match(created.otpauthUrl, /^otpauth:\/\/totp\/Vigie:chef\.dole\?/);
    assert.equal(new URL(created.otpauthUrl).searchParams.get('secret'), created.totpSecret);
    assert.match(result.stderr, /Compte « chef\.dole » créé/);

    const row = await owner
      .selectFrom('agents as a')
      .innerJoin('agent_units as au', 'au.agent_id', 'a.id')
      .innerJoin('units as u', 'u.id', 'au.unit_id')
      .select(['a.role', 'a.password_hash', 'a.totp_secret_enc', 'u.code'])
      .where('a.username', '=', 'chef.dole')
      .executeTakeFirstOrThrow();
    assert.equal(row.role, 'superviseur');
    assert.equal(row.code, 'CROS39');
    assert.match(row.password_hash, /^\$argon2id\$/);
    // Nothing of the secrets in clear.
    assert.equal(row.totp_secret_enc.includes(Buffer.from(created.totpSecret)), false);

    const twoUnits = run([
      'agent',
      'create',
      '--username',
      'analyste.bfc',
      '--role',
      'analyste',
      '--unit',
      'CROS25',
      '--unit=CROS39',
      '--password',
      'Comté-Morbier-Mont-d-Or-39',
    ]);
    assert.equal(twoUnits.status, 0, twoUnits.stderr);
    assert.equal(parseCreated(twoUnits.stdout).password, 'Comté-Morbier-Mont-d-Or-39');
  });

  test('agent create refuses a weak password, a bad role, an unknown unit and a duplicate, in French', () => {
    const refusals: Array<[string[], RegExp]> = [
      [
        ['--username', 'faible', '--role', 'analyste', '--unit', 'CROS25', '--password', 'Password2024!'],
        /courants/,
      ],
      [
        ['--username', 'court', '--role', 'analyste', '--unit', 'CROS25', '--password', 'court'],
        /au moins 12/,
      ],
      [['--username', 'inconnu', '--role', 'commissaire'], /Rôle inconnu/],
      [['--username', 'perdu', '--role', 'analyste', '--unit', 'XYZ99'], /Unité inconnue : XYZ99/],
      [['--username', 'chef.dole', '--role', 'superviseur', '--unit', 'CROS39'], /existe déjà/],
    ];
    for (const [args, message] of refusals) {
      const result = run(['agent', 'create', ...args]);
      assert.equal(result.status, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
    }
    for (const args of [
      ['create', '--username', 'sans-role'],
      ['create', '--role', 'admin', '--bavard'],
      ['envole'],
    ]) {
      const usage = run(['agent', ...args]);
      assert.equal(usage.status, 2, `${args.join(' ')}: ${usage.stderr}`);
      assert.match(usage.stderr, /Usage : npx vigie agent create/);
    }
  });

  test('units list shows the units, as JSON or as a table', () => {
    const json = run(['units', 'list', '--json']);
    assert.equal(json.status, 0, json.stderr);
    const units = JSON.parse(json.stdout) as Array<{ code: string; name: string; departements: string[] }>;
    const cros25 = units.find((u) => u.code === 'CROS25');
    assert.ok(cros25, json.stdout);
    assert.equal(typeof cros25.name, 'string');
    assert.deepEqual(cros25.departements, ['25']);
    const table = run(['units', 'list']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^Code\s+Nom\s+Type\s+Départements\s+Catégories/);
    assert.match(table.stdout, /CROS25 .*cros\s+25\s+stupefiants/);
  });

  test('agent disable disables the account; an unknown one is an error', async () => {
    const created = run([
      'agent',
      'create',
      '--username',
      'depart',
      '--role',
      'analyste',
      '--unit',
      'CROS25',
    ]);
    assert.equal(created.status, 0, created.stderr);
    const disabled = run(['agent', 'disable', 'depart']);
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.match(disabled.stdout, /Compte « depart » désactivé/);
    const row = await owner
      .selectFrom('agents')
      .select('disabled_at')
      .where('username', '=', 'depart')
      .executeTakeFirstOrThrow();
    assert.ok(row.disabled_at);
    const unknown = run(['agent', 'disable', 'personne']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /Aucun compte « personne »/);
  });

  test('audit verify passes on an intact trail and names a record changed behind its back', async () => {
    const clean = run(['audit', 'verify']);
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /^Journal d'audit intègre : \d+ enregistrements, tête [0-9a-f]{64}\n$/);

    const target = await owner
      .selectFrom('audit_log')
      .select(['id', 'action'])
      .where('action', '=', 'agent.created')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const setAction = async (action: string) => {
      await owner.transaction().execute(async (tx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
        await sql`UPDATE audit_log SET action = ${action} WHERE id = ${target.id}`.execute(tx);
        await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(tx);
      });
    };
    await setAction('agent.consulted');
    const tampered = run(['audit', 'verify']);
    assert.equal(tampered.status, 1);
    assert.match(tampered.stderr, new RegExp(`enregistrement ${target.id} : modifié`));
    assert.equal(tampered.stdout, '');
    // Put back as it was, the record verifies again: the check is the content, not a flag.
    await setAction(target.action);
    assert.equal(run(['audit', 'verify']).status, 0);
  });
});

describe('the commands beside a running server on the embedded PostgreSQL', () => {
  let workDir: string;
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess | undefined;

  before(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'vigie-agent-cli-'));
    await chmod(workDir, 0o711);
    env = childEnv({ VIGIE_DATA_DIR: path.join(workDir, 'data') });
  });
  after(async () => {
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  test('the server says how to create the first agent, who then signs in; disabling ends the session', async () => {
    const logFile = path.join(workDir, 'server.log');
    server = await spawnServer(env, logFile);
    // Printed just after the server is ready, so it may reach the log a moment after /healthz answers.
    const hint =
      /Aucun compte agent : créez le premier avec npx vigie agent create --username admin --role admin/;
    for (let i = 0; i < 50 && !hint.test(await readFile(logFile, 'utf8')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.match(await readFile(logFile, 'utf8'), hint);

    const result = vigie(['agent', 'create', '--username', 'admin', '--role', 'admin'], env);
    assert.equal(result.status, 0, result.stderr);
    const created = parseCreated(result.stdout);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: created.username,
        password: created.password,
        totp: currentTotp(created.totpSecret, new Date()),
      }),
    });
    assert.equal(login.status, 200, await login.clone().text());
    assert.deepEqual(await login.json(), { agent: { username: 'admin', role: 'admin', units: [] } });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('vigie_console='))
      ?.split(';')[0];
    assert.ok(cookie);
    const me = () => fetch(`${server?.url}/api/v1/auth/me`, { headers: { cookie } });
    assert.equal((await me()).status, 200);

    assert.equal(vigie(['units', 'list', '--json'], env).status, 0);
    assert.equal(vigie(['audit', 'verify'], env).status, 0);
    const disabled = vigie(['agent', 'disable', 'admin'], env);
    assert.equal(disabled.status, 0, disabled.stderr);
    assert.match(disabled.stdout, /1 session\(s\) fermée\(s\)/);
    assert.equal((await me()).status, 401);

    await server.stop();
    server = undefined;
    const alone = vigie(['audit', 'verify'], env);
    assert.equal(alone.status, 0, alone.stderr);
    // At least the account's creation, its sign-in and its disabling.
    const records = Number(/Journal d'audit intègre : (\d+) enregistrements/.exec(alone.stdout)?.[1]);
    assert.ok(records >= 3, alone.stdout);
  });
});
