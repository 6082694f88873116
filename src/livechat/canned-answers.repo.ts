import type { Executor } from '../db/database.ts';

const columns = ['id', 'shortcut', 'title', 'body'] as const;

export async function listCannedAnswers(db: Executor) {
  return db.selectFrom('canned_answers').select(columns).orderBy('shortcut').execute();
}

export async function insertCannedAnswer(
  db: Executor,
  row: { id: string; shortcut: string; title: string; body: string; agentId: string; now: Date },
) {
  return db
    .insertInto('canned_answers')
    .values({
      id: row.id,
      shortcut: row.shortcut,
      title: row.title,
      body: row.body,
      updated_at: row.now,
      updated_by: row.agentId,
    })
    .onConflict((oc) => oc.column('shortcut').doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export async function updateCannedAnswer(
  db: Executor,
  row: { id: string; shortcut: string; title: string; body: string; agentId: string; now: Date },
) {
  return db
    .updateTable('canned_answers')
    .set({
      shortcut: row.shortcut,
      title: row.title,
      body: row.body,
      updated_at: row.now,
      updated_by: row.agentId,
    })
    .where('id', '=', row.id)
    .returning(columns)
    .executeTakeFirst();
}

export async function deleteCannedAnswer(db: Executor, id: string): Promise<boolean> {
  const result = await db.deleteFrom('canned_answers').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function shortcutTaken(db: Executor, shortcut: string, exceptId: string): Promise<boolean> {
  const row = await db
    .selectFrom('canned_answers')
    .select('id')
    .where('shortcut', '=', shortcut)
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}
