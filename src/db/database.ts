import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { registerPool } from './prepared-statement.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** Repositories take either the database or an open transaction. */
export type Executor = Db | Tx;

// int8 (bigserial ids, count(*)) as strings would surprise callers doing arithmetic on counts.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Creates the Kysely instance over a pg pool; the pool is the only connection owner. */
export function createDb(connectionString: string, max = 10): { db: Db; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: 'vigie',
    // A stuck database answers with an error the citizen can retry, not with a request that never ends.
    connectionTimeoutMillis: 10_000,
    statement_timeout: 30_000,
  });
  // An idle client losing its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  registerPool(db, pool);
  return { db, pool };
}
