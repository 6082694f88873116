import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { recordAudit } from '../../src/audit/audit.repo.ts';
import { type ChainReport, verifyAuditChain } from '../../src/audit/verify-audit-chain.ts';
import { createDb, type Db, type Tx } from '../../src/db/database.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

class Rollback extends Error {}

describe('the audit trail is append-only and its chain reveals tampering', { skip: needsDatabase }, () => {
  const t = useTestApp();
  // The schema's owner, as a database administrator would connect (the app itself runs as its own role).
  let owner: Db;
  before(async () => {
    if (needsDatabase) return;
    owner = createDb(t().deps.config.databaseUrl as string, 2).db;
  });
  after(async () => {
    await owner?.destroy();
  });

  /** Appends `count` records through the app's role and returns their ids, in order. */
  async function appendRecords(count: number): Promise<number[]> {
    const marker = randomUUID();
    for (let i = 0; i < count; i++) {
      await recordAudit(t().deps.db, {
        actorKind: 'system',
        action: 'test.recorded',
        objectType: 'test',
        objectId: marker,
        detail: { index: i },
      });
    }
    const rows = await t()
      .deps.db.selectFrom('audit_log')
      .select('id')
      .where('object_id', '=', marker)
      .orderBy('id')
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Tampers as the owner with the protective trigger off, verifies on the same connection, then rolls it
   * all back (ALTER TABLE is transactional), so every test starts from an intact trail.
   */
  async function verifyTampered(tamper: (tx: Tx) => Promise<void>): Promise<ChainReport> {
    let report: ChainReport | undefined;
    await owner
      .transaction()
      .execute(async (tx) => {
        await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(tx);
        await tamper(tx);
        report = await verifyAuditChain(tx);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return report as ChainReport;
  }

  test('the app’s database role can neither update, delete nor truncate audit records', async () => {
    await appendRecords(2);
    const attempts = {
      update: sql`UPDATE audit_log SET action = 'effacé'`,
      delete: sql`DELETE FROM audit_log`,
      truncate: sql`TRUNCATE audit_log`,
    };
    for (const [name, statement] of Object.entries(attempts)) {
      await assert.rejects(
        statement.execute(t().deps.db),
        (error: { code?: string; message: string }) => {
          assert.equal(error.code, '42501', `${name}: ${error.message}`);
          assert.match(error.message, /permission denied/);
          return true;
        },
        name,
      );
    }
    // The owner, too, is stopped by the trigger unless it first turns it off.
    await assert.rejects(sql`UPDATE audit_log SET action = 'effacé'`.execute(owner), /append-only/);
    await assert.rejects(sql`TRUNCATE audit_log`.execute(owner), /append-only/);
    assert.deepEqual((await verifyAuditChain(t().deps.db)).problems, []);
  });

  test('an untouched trail verifies clean, and its head is the last record’s hash', async () => {
    const ids = await appendRecords(3);
    const report = await verifyAuditChain(owner);
    assert.deepEqual(report.problems, []);
    const last = await owner
      .selectFrom('audit_log')
      .select(['id', 'hash'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    assert.equal(Number(last.id), ids.at(-1));
    assert.equal(report.head, last.hash.toString('hex'));
    assert.ok(report.records >= 3);
  });

  test('a changed record is reported as modified', async () => {
    const [, target] = await appendRecords(3);
    const report = await verifyTampered(async (tx) => {
      await sql`UPDATE audit_log SET action = 'report.viewed_not' WHERE id = ${target}`.execute(tx);
    });
    assert.deepEqual(report.problems, [{ id: target, kind: 'modified' }]);
  });

  test('a deleted record is reported as a broken link at the next one', async () => {
    const [, target, next] = await appendRecords(3);
    const report = await verifyTampered(async (tx) => {
      await sql`DELETE FROM audit_log WHERE id = ${target}`.execute(tx);
    });
    assert.deepEqual(report.problems, [{ id: next, kind: 'broken_link' }]);
  });

  test('two records swapped are both reported', async () => {
    const [, a, b] = (await appendRecords(4)) as [number, number, number, number];
    // Content swapped, ids kept: each row now holds what the other's hash covers.
    const report = await verifyTampered(async (tx) => {
      await sql`
        UPDATE audit_log x SET at = y.at, actor_kind = y.actor_kind, actor_id = y.actor_id, action = y.action,
          object_type = y.object_type, object_id = y.object_id, detail = y.detail, unit_ids = y.unit_ids
        FROM audit_log y
        WHERE (x.id, y.id) IN ((${a}, ${b}), (${b}, ${a}))`.execute(tx);
    });
    assert.deepEqual(report.problems, [
      { id: a, kind: 'modified' },
      { id: b, kind: 'modified' },
    ]);
    // Whole rows swapped (hashes too, as if reordered): both are named, and the one after them.
    const moved = await verifyTampered(async (tx) => {
      await sql`UPDATE audit_log SET id = -1 WHERE id = ${a}`.execute(tx);
      await sql`UPDATE audit_log SET id = ${a} WHERE id = ${b}`.execute(tx);
      await sql`UPDATE audit_log SET id = ${b} WHERE id = -1`.execute(tx);
    });
    const named = new Set(moved.problems.map((p) => p.id));
    assert.ok(named.has(a) && named.has(b), JSON.stringify(moved.problems));
    assert.ok(
      moved.problems.every((p) => p.id === a || p.id === b || p.id === b + 1),
      JSON.stringify(moved.problems),
    );
    assert.deepEqual((await verifyAuditChain(owner)).problems, [], 'rolled back: the trail is intact');
  });

  test('records written by concurrent transactions chain in id order', async () => {
    const before = await verifyAuditChain(owner);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t()
          .deps.db.transaction()
          .execute(async (tx) => {
            // Some work on either side of the record, so that the transactions overlap.
            await sql`SELECT pg_sleep(${(i % 4) * 0.01})`.execute(tx);
            await recordAudit(tx, {
              actorKind: 'system',
              action: 'test.concurrent',
              objectType: 'test',
              objectId: String(i),
            });
            await sql`SELECT pg_sleep(${((i + 2) % 4) * 0.01})`.execute(tx);
          }),
      ),
    );
    const report = await verifyAuditChain(owner);
    assert.deepEqual(report.problems, []);
    assert.equal(report.records, before.records + 20);
  });
});
