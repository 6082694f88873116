import type pg from 'pg';
import type { Config } from '../config.ts';
import { syncReferenceData } from '../geo/reference-data.repo.ts';
import { appRoleName, databaseOf, ensureAppRole, urlForRole } from './app-role.ts';
import { createDb, type Db } from './database.ts';
import { type EmbeddedSupervision, openEmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

export interface OpenDatabase {
  db: Db;
  pool: pg.Pool;
  /** The connection the server runs on (its own role, see app-role.ts). */
  url: string;
  /** The owner's connection (migrations, `vigie audit verify`). */
  ownerUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  poolSize?: number;
  /** Apply migrations and reference data first (default true). */
  migrate?: boolean;
  /** Run as the owner instead of the server's role (the audit verification reads as the owner). */
  asOwner?: boolean;
  /** The password of the server's role, derived from the master key (see master-key.ts). */
  appRolePassword?: string;
  /** For a server: restart the embedded PostgreSQL if it dies, and what to do if that fails. */
  embeddedSupervision?: EmbeddedSupervision;
}

/**
 * Connects to DATABASE_URL, or to the embedded PostgreSQL of the data directory (started when no other
 * process runs it), brings the schema and the reference data up to date as the owner, then opens the
 * pool the server uses under its own role (VIGIE_APP_DATABASE_URL, or a role Vigie creates).
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'appDatabaseUrl'>,
  log: (message: string) => void = () => {},
  options: OpenDatabaseOptions = {},
): Promise<OpenDatabase> {
  const embedded = config.databaseUrl
    ? null
    : await openEmbeddedPostgres(config.dataDir, log, options.embeddedSupervision);
  const ownerUrl = config.databaseUrl ?? (embedded as NonNullable<typeof embedded>).url;
  const owner = createDb(ownerUrl, 2);
  let appUrl = ownerUrl;
  try {
    if (options.migrate !== false) {
      const { applied } = await migrate(owner.pool);
      for (const file of applied) log(`migration appliquée : ${file}`);
      if (await syncReferenceData(owner.db)) log('référentiel des communes chargé');
    }
    if (!options.asOwner) {
      appUrl = await prepareAppRole(owner.pool, ownerUrl, config.appDatabaseUrl, options.appRolePassword);
    }
  } catch (error) {
    await owner.db.destroy();
    await embedded?.stop();
    throw error;
  }
  if (!options.asOwner) await owner.db.destroy();
  const { db, pool } = options.asOwner ? owner : createDb(appUrl, options.poolSize);
  return {
    db,
    pool,
    url: appUrl,
    ownerUrl,
    embedded: embedded !== null,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** Grants the server's role its rights (creating it unless one is configured) and gives its URL. */
export async function prepareAppRole(
  owner: pg.Pool,
  ownerUrl: string,
  configuredUrl: string | undefined,
  password: string | undefined,
): Promise<string> {
  if (configuredUrl) {
    await ensureAppRole(owner, { name: decodeURIComponent(new URL(configuredUrl).username), create: false });
    return configuredUrl;
  }
  if (!password) throw new Error('openDatabase : mot de passe du rôle serveur manquant');
  const name = appRoleName(databaseOf(ownerUrl));
  await ensureAppRole(owner, { name, password, create: true });
  return urlForRole(ownerUrl, name, password);
}
