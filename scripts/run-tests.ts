/**
 * `npm test`: runs every test file (unit, HTTP integration, browser end-to-end) with node:test.
 * Tests use DATABASE_URL when set; otherwise an embedded PostgreSQL on a free port with a throwaway data
 * directory. Either way a migrated template database is prepared once, and each test file copies it.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appRoleName } from '../src/db/app-role.ts';
import { createDb } from '../src/db/database.ts';
import { openScratchEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrate } from '../src/db/migrate.ts';
import { syncReferenceData } from '../src/geo/reference-data.repo.ts';
import { adminQuery, withDatabase } from '../test/support/test-database.ts';

const patterns = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'test/**/*.test.ts'];

/** Drops the databases of this run that a crashed test file could not drop itself. */
async function dropLeftovers(url: string, prefix: string): Promise<void> {
  const rows = await adminQuery<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
    [prefix],
    url,
  );
  for (const { datname } of rows)
    await adminQuery(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`, [], url);
  const roles = await adminQuery<{ rolname: string }>(
    'SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)',
    [appRoleName(prefix)],
    url,
  );
  for (const { rolname } of roles) await adminQuery(`DROP ROLE IF EXISTS ${rolname}`, [], url);
}

let stopEmbedded = async () => {};
let serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  const embedded = await openScratchEmbeddedPostgres('vigie-test-pg-');
  serverUrl = embedded.url;
  stopEmbedded = embedded.stop;
  process.stdout.write(`Tests : PostgreSQL intégré temporaire (${embedded.dir})\n`);
} else {
  process.stdout.write('Tests : PostgreSQL de DATABASE_URL\n');
}

const run = randomBytes(4).toString('hex');
const template = `vigie_template_${run}`;
await adminQuery(`CREATE DATABASE ${template}`, [], serverUrl);
const { db, pool } = createDb(withDatabase(serverUrl, template), 2);
await migrate(pool);
await syncReferenceData(db);
await db.destroy();

const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...patterns], {
    stdio: 'inherit',
    env: { ...process.env, DATABASE_URL: serverUrl, VIGIE_TEST_TEMPLATE: template, VIGIE_TEST_RUN: run },
  });
  child.on('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
});

await adminQuery(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`, [], serverUrl).catch(() => {});
await dropLeftovers(serverUrl, `vigie_test_${run}_`);
await stopEmbedded();
process.exit(code);
