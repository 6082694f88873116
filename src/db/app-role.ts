import type pg from 'pg';
import { MIGRATION_LOCK } from './migrate.ts';

/**
 * The server does not run as the owner of the schema: it connects as a role of its own that may read
 * and write the data but may only INSERT and SELECT audit records (no UPDATE, DELETE or TRUNCATE), so
 * the trail is append-only whatever the server is made to do. Migrations run as the owner.
 */

/** The name of the server's role for a database: one per database, since roles span the whole cluster. */
export function appRoleName(database: string): string {
  return `vigie_app_${database.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

/** The database named by a connection URL. */
export function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

/** The same server and database, signed in as another role. */
export function urlForRole(url: string, role: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Creates the server's login role when it does not exist (its password is set again each time: it is
 * derived from the master key, so it follows a key change), then grants it what the server needs and
 * nothing on the audit trail beyond INSERT and SELECT. Run by the owner after each migration.
 */
export async function ensureAppRole(
  owner: pg.Pool,
  role: { name: string; password?: string; create: boolean },
): Promise<void> {
  const client = await owner.connect();
  try {
    // The migrations' lock: two processes starting together must not both create the role.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const database = (await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0]?.db;
    const ident = quoteIdent(role.name);
    if (role.create) {
      const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      const password = role.password ? ` PASSWORD ${quoteLiteral(role.password)}` : '';
      try {
        await client.query(
          exists.rowCount
            ? `ALTER ROLE ${ident} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS${password}`
            : `CREATE ROLE ${ident} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS${password}`,
        );
      } catch (error) {
        throw new Error(
          `Le rôle PostgreSQL du serveur (${role.name}) n'a pas pu être créé : ${(error as Error).message}. ` +
            'Donnez à l’utilisateur de DATABASE_URL le droit CREATEROLE, ou créez vous-même un rôle de ' +
            'connexion et indiquez-le dans VIGIE_APP_DATABASE_URL (voir README).',
        );
      }
    }
    await client.query(`GRANT CONNECT ON DATABASE ${quoteIdent(database as string)} TO ${ident}`);
    await client.query(`GRANT USAGE ON SCHEMA public TO ${ident}`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${ident}`);
    await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${ident}`);
    await client.query(`REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM ${ident}`);
    await client.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${ident}`);
    // Objects the server's role could create in the schema would run with the owner's rights when the
    // migrations or `vigie audit verify` resolve a function name (a better-matching overload).
    await client.query(`REVOKE CREATE ON SCHEMA public FROM ${ident}`);
    await assertAppendOnlyRole(client, role.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/**
 * Grants and revokes only reach what was granted to the role by name: a role that owns the schema (or
 * belongs to its owner), a superuser, or a role that inherits rights through PUBLIC or another role
 * could still rewrite the trail or plant objects the owner would run. The server refuses to start under
 * one (a VIGIE_APP_DATABASE_URL pointing at the owner is the usual mistake).
 */
async function assertAppendOnlyRole(client: pg.PoolClient, name: string): Promise<void> {
  const { rows } = await client.query<{
    superuser: boolean;
    bypassrls: boolean;
    owner: boolean;
    rewrite: boolean;
    create: boolean;
  }>(
    `SELECT r.rolsuper AS superuser, r.rolbypassrls AS bypassrls,
            pg_has_role(r.oid, c.relowner, 'USAGE') AS owner,
            has_table_privilege(r.oid, c.oid, 'UPDATE, DELETE, TRUNCATE, TRIGGER') AS rewrite,
            has_schema_privilege(r.oid, 'public', 'CREATE') AS create
       FROM pg_roles r, pg_class c
      WHERE r.rolname = $1 AND c.oid = 'public.audit_log'::regclass`,
    [name],
  );
  const found = rows[0];
  if (!found) throw new Error(`Le rôle PostgreSQL du serveur (${name}) n'existe pas.`);
  if (found.superuser || found.bypassrls || found.owner || found.rewrite) {
    throw new Error(
      `Le rôle PostgreSQL du serveur (${name}) pourrait modifier le journal d'audit : il est superutilisateur, ` +
        'propriétaire du schéma (ou membre de son rôle), ou a reçu des droits de modification. Indiquez dans ' +
        'VIGIE_APP_DATABASE_URL un rôle de connexion distinct du propriétaire (voir README).',
    );
  }
  if (found.create) {
    throw new Error(
      `Le rôle PostgreSQL du serveur (${name}) peut créer des objets dans le schéma public (droit CREATE, ` +
        'par exemple accordé à PUBLIC avant PostgreSQL 15) : exécutez en propriétaire ' +
        '« REVOKE CREATE ON SCHEMA public FROM PUBLIC; ».',
    );
  }
}

/** Drops the server's role of a database that is being dropped (tests). */
export async function dropAppRole(owner: pg.Client | pg.Pool, name: string): Promise<void> {
  await owner.query(`DROP ROLE IF EXISTS ${quoteIdent(name)}`);
}
