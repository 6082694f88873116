import type pg from 'pg';
import type { Config } from '../config.ts';
import { syncReferenceData } from '../geo/reference-data.repo.ts';
import { createDb, type Db } from './database.ts';
import { openEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

export interface OpenDatabase {
  db: Db;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or to the embedded PostgreSQL of the data directory (started when no other
 * process runs it), then brings the schema and the reference data up to date.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  log: (message: string) => void = () => {},
  options: { poolSize?: number; migrate?: boolean } = {},
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl ? null : await openEmbeddedPostgres(config.dataDir, log);
  const url = config.databaseUrl ?? (embedded as NonNullable<typeof embedded>).url;
  const { db, pool } = createDb(url, options.poolSize);
  try {
    if (options.migrate !== false) {
      const { applied } = await migrate(pool);
      for (const file of applied) log(`migration appliquée : ${file}`);
      if (await syncReferenceData(db)) log('référentiel des communes chargé');
    }
  } catch (error) {
    await db.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    pool,
    url,
    embedded: embedded !== null,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}
