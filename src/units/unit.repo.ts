import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/** Every unit with its territory (départements and zones) and categories. */
export async function listUnits(db: Executor) {
  return db
    .selectFrom('units as u')
    .leftJoin('unit_territories as t', 't.unit_id', 'u.id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.categories',
      sql<
        string[]
      >`coalesce(array_agg(DISTINCT t.departement_code) FILTER (WHERE t.departement_code IS NOT NULL), '{}')`.as(
        'departements',
      ),
      sql<string[]>`coalesce(array_agg(DISTINCT t.zone) FILTER (WHERE t.zone IS NOT NULL), '{}')`.as('zones'),
    ])
    .groupBy('u.id')
    .orderBy('u.code')
    .execute();
}

export async function findUnitByCode(db: Executor, code: string) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind'])
    .where('code', '=', code)
    .executeTakeFirst();
}

export async function findUnitById(db: Executor, id: string) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

/** The national reception platform: every report arrives there first. */
export async function findPlatformUnit(db: Executor) {
  return db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'kind'])
    .where('kind', '=', 'plateforme')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

export async function insertUnit(
  db: Executor,
  unit: {
    code: string;
    name: string;
    kind: string;
    categories: string[];
    territory: { departement: string; zone: string }[];
  },
): Promise<string> {
  const row = await db
    .insertInto('units')
    .values({ code: unit.code, name: unit.name, kind: unit.kind, categories: unit.categories })
    .returning('id')
    .executeTakeFirstOrThrow();
  await replaceTerritory(db, row.id, unit.territory);
  return row.id;
}

export async function updateUnit(
  db: Executor,
  id: string,
  unit: { name: string; categories: string[]; territory: { departement: string; zone: string }[] },
): Promise<void> {
  await db
    .updateTable('units')
    .set({ name: unit.name, categories: unit.categories })
    .where('id', '=', id)
    .execute();
  await replaceTerritory(db, id, unit.territory);
}

async function replaceTerritory(
  db: Executor,
  unitId: string,
  territory: { departement: string; zone: string }[],
): Promise<void> {
  await db.deleteFrom('unit_territories').where('unit_id', '=', unitId).execute();
  if (territory.length > 0) {
    await db
      .insertInto('unit_territories')
      .values(territory.map((t) => ({ unit_id: unitId, departement_code: t.departement, zone: t.zone })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/** The routing table: category × département → unit code. */
export async function listRoutingRules(db: Executor) {
  return db
    .selectFrom('routing_rules as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.category', 'r.departement_code', 'u.code as unit'])
    .orderBy('r.departement_code')
    .orderBy('r.category')
    .execute();
}

export async function upsertRoutingRule(
  db: Executor,
  rule: { category: string; departement: string; unitId: string },
): Promise<void> {
  await db
    .insertInto('routing_rules')
    .values({ category: rule.category, departement_code: rule.departement, unit_id: rule.unitId })
    .onConflict((oc) => oc.columns(['category', 'departement_code']).doUpdateSet({ unit_id: rule.unitId }))
    .execute();
}

export async function deleteRoutingRule(db: Executor, category: string, departement: string): Promise<void> {
  await db
    .deleteFrom('routing_rules')
    .where('category', '=', category)
    .where('departement_code', '=', departement)
    .execute();
}

export async function departementExists(db: Executor, code: string): Promise<boolean> {
  return Boolean(
    await db.selectFrom('departements').select('code').where('code', '=', code).executeTakeFirst(),
  );
}
