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
  // A client losing its server (a restart, a failover, pg_terminate_backend) must not crash the process:
  // pg emits 'error' on the client whether it is idle in the pool or checked out (between two queries
  // of a transaction, or during one), and an 'error' event without a listener kills the process. The
  // query in flight fails on its own; the pool drops the broken client and the next query reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  registerPool(db, pool);
  return { db, pool };
}
