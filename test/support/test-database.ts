import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { appRoleName } from '../../src/db/app-role.ts';
import { createDb, type Db } from '../../src/db/database.ts';
import { migrate } from '../../src/db/migrate.ts';
import { prepareAppRole } from '../../src/db/open-database.ts';
import { syncReferenceData } from '../../src/geo/reference-data.repo.ts';

function serverUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL manquante : lancez les tests avec `npm test` (qui démarre un PostgreSQL intégré).',
    );
  }
  return url;
}

/** The URL of another database on the same server. */
export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Runs one statement on its own connection to the server (CREATE/DROP DATABASE cannot share one). */
export async function adminQuery<Row extends pg.QueryResultRow = pg.QueryResultRow>(
  sql: string,
  values: unknown[] = [],
  url: string = serverUrl(),
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  /** The server's role (as in production: it cannot change the audit trail). */
  url: string;
  db: Db;
  pool: pg.Pool;
  /** The owner of the schema (migrations), for tests that play a database administrator. */
  ownerUrl: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file: copied from the migrated template that `npm test` prepares
 * (VIGIE_TEST_TEMPLATE), or migrated from scratch when a file runs alone.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  // The run's prefix lets `npm test` drop, at the end, what a test file that crashed left behind.
  const name = `vigie_test_${process.env.VIGIE_TEST_RUN ?? 'solo'}_${randomBytes(6).toString('hex')}`;
  const template = process.env.VIGIE_TEST_TEMPLATE;
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
      break;
    } catch (error) {
      // Two copies of one template at the same instant: PostgreSQL refuses the second; try again.
      if (attempt > 20 || !/being accessed by other users/.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
    }
  }
  const ownerUrl = withDatabase(serverUrl(), name);
  const owner = createDb(ownerUrl, 1);
  let url: string;
  try {
    if (!template) {
      await migrate(owner.pool);
      await syncReferenceData(owner.db);
    }
    url = await prepareAppRole(owner.pool, ownerUrl, undefined, randomBytes(18).toString('base64url'));
  } finally {
    await owner.db.destroy();
  }
  const { db, pool } = createDb(url, 5);
  return {
    url,
    db,
    pool,
    ownerUrl,
    async drop() {
      await db.destroy();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await adminQuery(`DROP ROLE IF EXISTS ${appRoleName(name)}`);
    },
  };
}
