/**
 * A bench's own database and data directory: a fresh database on the machine's PostgreSQL
 * (`DATABASE_URL`) or on an embedded one started for the bench, and a temporary data directory; `close`
 * drops the database and the server's role, removes the directories and stops the embedded server, and
 * does what it can however far `open` got (a bench stopped by a signal midway).
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { appRoleName } from '../src/db/app-role.ts';
import { openScratchEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { withDatabase } from '../test/support/test-database.ts';
import { dropDatabaseAndRole } from './bench-kit.ts';

export interface BenchDatabase {
  /**
   * Opens the database and the data directory (PostgreSQL must traverse it: mode 0711). `admin` is a
   * connection to the server's maintenance database, for statistics about `databaseName`.
   */
  open(): Promise<{ databaseUrl: string; dataDir: string; admin: pg.Client; databaseName: string }>;
  close(): Promise<void>;
}

export function benchDatabase(): BenchDatabase {
  let stopEmbedded = async () => {};
  let admin: pg.Client | null = null;
  let dbName: string | null = null;
  let dataDir: string | null = null;
  return {
    async open() {
      let serverUrl = process.env.DATABASE_URL;
      if (!serverUrl) {
        const embedded = await openScratchEmbeddedPostgres('vigie-bench-pg-');
        serverUrl = embedded.url;
        stopEmbedded = embedded.stop;
      }
      admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      dbName = `vigie_bench_${randomBytes(4).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${dbName}`);
      dataDir = await mkdtemp(path.join(tmpdir(), 'vigie-bench-data-'));
      await chmod(dataDir, 0o711);
      return { databaseUrl: withDatabase(serverUrl, dbName), dataDir, admin, databaseName: dbName };
    },
    async close() {
      if (admin && dbName) await dropDatabaseAndRole(admin, dbName, appRoleName(dbName));
      await admin?.end().catch(() => {});
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
      await stopEmbedded();
    },
  };
}
