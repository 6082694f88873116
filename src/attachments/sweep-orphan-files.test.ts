import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { createDiskFileStore } from './file-store.ts';
import { ORPHAN_AGE_MS, sweepOrphanFiles } from './sweep-orphan-files.ts';

const skip = process.env.DATABASE_URL ? false : 'nécessite DATABASE_URL : lancez `npm test`';
let t: TestApp;
let root: string;
before(async () => {
  if (skip) return;
  t = await createTestApp();
  root = await mkdtemp(path.join(tmpdir(), 'vigie-files-'));
});
after(async () => {
  if (skip) return;
  await t.close();
  await rm(root, { recursive: true, force: true });
});

test('files a crash left behind are swept; recorded ones stay', { skip }, async () => {
  const files = createDiskFileStore(root);
  const started = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  const conversationId = started.json().id as string;
  const kept = randomUUID();
  const orphan = randomUUID();
  await files.put(kept, Buffer.from('chiffré'));
  await files.put(orphan, Buffer.from('chiffré'));
  await writeFile(path.join(root, `.tmp-${randomUUID()}`), 'à moitié écrit');
  await t.deps.db
    .insertInto('attachments')
    .values({ id: kept, conversation_id: conversationId, mime: 'image/png', bytes: 7, storage_key: kept })
    .execute();
  const later = new Date(Date.now() + ORPHAN_AGE_MS + 1000);
  assert.equal(await sweepOrphanFiles(t.deps.db, files), 0, 'recent files may be uploads in flight');
  assert.equal((await readdir(root)).length, 3);
  assert.equal(await sweepOrphanFiles(t.deps.db, files, later), 2);
  assert.deepEqual(await readdir(root), [kept]);
});
