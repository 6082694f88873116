import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

const require = createRequire(import.meta.url);
const packageDir = path.dirname(require.resolve('@etalab/decoupage-administratif/package.json'));

interface EtalabDepartement {
  code: string;
  nom: string;
  region: string;
}
interface EtalabCommune {
  code: string;
  nom: string;
  departement: string;
  type: string;
  codesPostaux?: string[];
  population?: number;
}

async function readJson<T>(file: string): Promise<T> {
  return JSON.parse(await readFile(path.join(packageDir, 'data', file), 'utf8')) as T;
}

/**
 * Loads every département and current commune of @etalab/decoupage-administratif into the database,
 * once per package version (a no-op on later starts). Rows are upserted, never deleted, so reports that
 * point at a commune merged away keep their reference.
 */
export async function syncReferenceData(db: Executor): Promise<boolean> {
  const { version } = await readJson<{ version: string }>('../package.json');
  const current = await db
    .selectFrom('reference_data')
    .select('version')
    .where('name', '=', 'decoupage-administratif')
    .executeTakeFirst();
  if (current?.version === version) return false;

  const departements = await readJson<EtalabDepartement[]>('departements.json');
  const communes = (await readJson<EtalabCommune[]>('communes.json')).filter(
    (c) => c.type === 'commune-actuelle',
  );
  await sql`
    INSERT INTO departements (code, name, region_code)
    SELECT * FROM unnest(${departements.map((d) => d.code)}::text[], ${departements.map((d) => d.nom)}::text[],
      ${departements.map((d) => d.region)}::text[])
    ON CONFLICT (code) DO UPDATE SET name = excluded.name, region_code = excluded.region_code`.execute(db);
  await sql`
    INSERT INTO communes (insee, name, departement_code, postal_codes, population)
    SELECT insee, name, dep, coalesce(string_to_array(nullif(cps, ''), ','), '{}'), pop
    FROM unnest(${communes.map((c) => c.code)}::text[], ${communes.map((c) => c.nom)}::text[],
      ${communes.map((c) => c.departement)}::text[], ${communes.map((c) => (c.codesPostaux ?? []).join(','))}::text[],
      ${communes.map((c) => c.population ?? null)}::int[]) AS t (insee, name, dep, cps, pop)
    ON CONFLICT (insee) DO UPDATE SET name = excluded.name, departement_code = excluded.departement_code,
      postal_codes = excluded.postal_codes, population = excluded.population`.execute(db);
  await db
    .insertInto('reference_data')
    .values({ name: 'decoupage-administratif', version })
    .onConflict((oc) => oc.column('name').doUpdateSet({ version, synced_at: sql`now()` }))
    .execute();
  return true;
}
