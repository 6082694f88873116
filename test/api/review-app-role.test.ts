import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type pg from 'pg';
import { urlForRole } from '../../src/db/app-role.ts';
import { createDb, type Db } from '../../src/db/database.ts';
import { prepareAppRole } from '../../src/db/open-database.ts';
import { needsDatabase } from '../support/test-app.ts';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/test-database.ts';

/**
 * A role configured in VIGIE_APP_DATABASE_URL is the operator's: the server must refuse to run under one
 * that could rewrite the audit trail (the schema's owner, a member of it, a superuser) or plant objects
 * in the schema that the owner's migrations and `vigie audit verify` would then run.
 */
describe('the server refuses a configured database role that could rewrite the audit trail', {
  skip: needsDatabase,
}, () => {
  let database: TestDatabase;
  let owner: { db: Db; pool: pg.Pool };
  const roles: string[] = [];

  before(async () => {
    if (needsDatabase) return;
    database = await createTestDatabase();
    owner = createDb(database.ownerUrl, 2);
  });
  after(async () => {
    await owner?.db.destroy();
    await database?.drop();
    for (const role of roles) await adminQuery(`DROP ROLE IF EXISTS ${role}`);
  });

  async function newRole(extra = ''): Promise<{ name: string; url: string }> {
    const name = `vigie_review_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('hex');
    await adminQuery(`CREATE ROLE ${name} LOGIN PASSWORD '${password}' ${extra}`);
    roles.push(name);
    return { name, url: urlForRole(database.ownerUrl, name, password) };
  }

  const prepare = (configuredUrl: string) =>
    prepareAppRole(owner.pool, database.ownerUrl, configuredUrl, undefined);

  test('the schema owner itself is refused', async () => {
    await assert.rejects(prepare(database.ownerUrl), /audit/);
  });

  test('a member of the owner role, or a superuser, is refused', async () => {
    const ownerName = decodeURIComponent(new URL(database.ownerUrl).username);
    const member = await newRole();
    await adminQuery(`GRANT ${ownerName} TO ${member.name}`);
    await assert.rejects(prepare(member.url), /audit/);
    const superuser = await newRole('SUPERUSER');
    await assert.rejects(prepare(superuser.url), /audit/);
  });

  test('a role that may create objects in the schema loses that right, or is refused', async () => {
    // Granted to the role itself: taken back, as the rest of what it must not do.
    const creator = await newRole();
    await adminQuery(`GRANT CREATE ON SCHEMA public TO ${creator.name}`, [], database.ownerUrl);
    assert.equal(await prepare(creator.url), creator.url);
    const [after] = await adminQuery<{ create: boolean }>(
      `SELECT has_schema_privilege($1, 'public', 'CREATE') AS create`,
      [creator.name],
      database.ownerUrl,
    );
    assert.equal(after?.create, false);
    // Granted to everybody (PostgreSQL 14 and older, or a cluster upgraded from one): refused.
    await adminQuery('GRANT CREATE ON SCHEMA public TO PUBLIC', [], database.ownerUrl);
    try {
      await assert.rejects(prepare(creator.url), /CREATE/);
    } finally {
      await adminQuery('REVOKE CREATE ON SCHEMA public FROM PUBLIC', [], database.ownerUrl);
    }
  });

  test('a plain login role is accepted and can only append to the trail', async () => {
    const plain = await newRole();
    assert.equal(await prepare(plain.url), plain.url);
  });
});
