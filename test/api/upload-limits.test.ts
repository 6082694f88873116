import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { attachmentAad } from '../../src/attachments/upload-attachment.ts';
import { dataKeyAad } from '../../src/conversations/conversation-access.ts';
import { decryptFile, unwrapDataKey } from '../../src/crypto/envelope.ts';
import { type CitizenConversation, citizenClient } from '../support/citizen-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

const MB = 1024 * 1024;
const BUSY_MESSAGE = /Trop de photos sont en cours d'envoi, réessayez dans un instant/;

// Default limits (2560 px, 2 MB stored), one photo decoded at a time and one waiting.
let roomy: TestApp;
// Tiny byte budgets, so that a few small photos reach them.
let tight: TestApp;
before(async () => {
  [roomy, tight] = await Promise.all([
    createTestApp({
      env: {
        VIGIE_UPLOAD_MAX_BYTES: String(40 * MB),
        VIGIE_UPLOAD_CONCURRENCY: '1',
        VIGIE_UPLOAD_QUEUE: '1',
      },
    }),
    createTestApp({
      env: {
        VIGIE_UPLOAD_BYTES_PER_CONVERSATION: String(64 * 1024),
        VIGIE_UPLOAD_BYTES_PER_ADDRESS: String(160 * 1024),
      },
    }),
  ]);
});
after(async () => {
  await Promise.all([roomy?.close(), tight?.close()]);
});

function multipart(bytes: Buffer) {
  const boundary = `----vigie${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.jpg"\r\n` +
        'Content-Type: image/jpeg\r\n\r\n',
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(t: TestApp, conversation: CitizenConversation, bytes: Buffer, remoteAddress = '127.0.0.1') {
  const body = multipart(bytes);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversation.id}/attachments`,
    headers: { ...body.headers, authorization: `Bearer ${conversation.token}` },
    payload: body.payload,
    remoteAddress,
  });
}

async function storedFiles(t: TestApp): Promise<string[]> {
  const names = await readdir(path.join(t.dataDir, 'attachments')).catch(() => [] as string[]);
  return names.filter((name) => !name.startsWith('.')).sort();
}

/** Random pixels: what compresses worst, so the heaviest photo a camera could produce at that size. */
function noisyJpeg(width: number, height: number, quality = 90): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .jpeg({ quality })
    .toBuffer();
}

async function attachmentRows(t: TestApp, conversationId: string) {
  return t.deps.db
    .selectFrom('attachments')
    .select(['id', 'bytes'])
    .where('conversation_id', '=', conversationId)
    .execute();
}

describe('stored photo size', () => {
  test('a 24-megapixel noisy JPEG is stored scaled down and under 2 MB, and still decodes', async () => {
    const { start } = citizenClient(() => roomy.app);
    const conversation = await start();
    const input = await noisyJpeg(6000, 4000, 85);
    assert.ok(input.length > 10 * MB, `the fixture weighs ${input.length} bytes`);
    const response = await upload(roomy, conversation, input);
    assert.equal(response.statusCode, 201, response.body);
    const { id, bytes, mime } = response.json();
    assert.equal(mime, 'image/jpeg');
    assert.ok(bytes <= 2 * MB, `stored ${bytes} bytes`);

    const row = await roomy.deps.db
      .selectFrom('attachments as a')
      .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
      .innerJoin('data_keys as k', 'k.id', 'c.key_id')
      .select(['a.storage_key', 'k.wrapped', 'c.key_id'])
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    const stored = await readFile(path.join(roomy.dataDir, 'attachments', row.storage_key));
    const dataKey = unwrapDataKey(roomy.deps.keys.wrapKey, row.wrapped as Buffer, dataKeyAad(row.key_id));
    const clean = decryptFile(dataKey, stored, attachmentAad(id));
    const meta = await sharp(clean).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 2560);
    assert.equal(meta.height, 1707);
    const { info } = await sharp(clean).raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.width, 2560, 'the stored photo decodes whole');
  });
});

describe('uploads decoded at once', () => {
  test('when the decoding slot and the queue are taken, an upload gets 503 in French, nothing written', async () => {
    const { start } = citizenClient(() => roomy.app);
    const conversation = await start();
    const small = await noisyJpeg(64, 48);
    const before = await storedFiles(roomy);
    const held = [roomy.deps.uploadGate.tryEnter(), roomy.deps.uploadGate.tryEnter()];
    assert.ok(held.every((pass) => pass !== null));
    const refused = await upload(roomy, conversation, small);
    assert.equal(refused.statusCode, 503, refused.body);
    assert.equal(refused.json().error.code, 'uploads_busy');
    assert.match(refused.json().error.message, BUSY_MESSAGE);
    assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After');
    assert.deepEqual(await storedFiles(roomy), before);
    assert.equal((await attachmentRows(roomy, conversation.id)).length, 0);

    for (const pass of held) pass?.leave();
    assert.equal((await upload(roomy, conversation, small)).statusCode, 201, 'room again once they left');
    assert.equal(roomy.deps.uploadGate.admitted(), 0, 'every upload gave its admission back');
  });

  test('parallel uploads beyond the queue are refused at once; the others are stored', async () => {
    const { start } = citizenClient(() => roomy.app);
    const conversations = await Promise.all(Array.from({ length: 8 }, () => start()));
    const photo = await noisyJpeg(3000, 2000, 85);
    const before = await storedFiles(roomy);
    const responses = await Promise.all(conversations.map((c) => upload(roomy, c, photo)));
    const statuses = responses.map((r) => r.statusCode);
    assert.ok(
      statuses.every((s) => s === 201 || s === 503),
      statuses.join(),
    );
    const stored = statuses.filter((s) => s === 201).length;
    assert.ok(stored >= 1, statuses.join());
    assert.ok(stored <= 8 - 1, `some were refused: ${statuses.join()}`);
    for (const response of responses.filter((r) => r.statusCode === 503)) {
      assert.match(response.json().error.message, BUSY_MESSAGE);
    }
    assert.equal((await storedFiles(roomy)).length, before.length + stored, 'a file per stored photo only');
    for (const [i, conversation] of conversations.entries()) {
      assert.equal((await attachmentRows(roomy, conversation.id)).length, statuses[i] === 201 ? 1 : 0);
    }
    assert.equal(roomy.deps.uploadGate.admitted(), 0);
  });
});

describe('byte budgets', () => {
  // About 20 to 30 KB stored each: a few reach the tight app's budgets.
  const photo = () => noisyJpeg(120, 120);

  test('a conversation holds a bounded number of bytes: beyond, 413 in French, nothing written', async () => {
    const { start } = citizenClient(() => tight.app);
    const conversation = await start();
    const address = '203.0.113.10';
    let accepted = 0;
    let refused: Awaited<ReturnType<typeof upload>> | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const before = await storedFiles(tight);
      const response = await upload(tight, conversation, await photo(), address);
      if (response.statusCode === 201) {
        accepted += response.json().bytes;
      } else {
        refused = response;
        assert.deepEqual(await storedFiles(tight), before, 'nothing written for the refused photo');
      }
    }
    assert.ok(refused, 'the budget was reached');
    assert.equal(refused.statusCode, 413, refused.body);
    assert.equal(refused.json().error.code, 'photos_too_heavy');
    assert.match(refused.json().error.message, /volume maximal/);
    assert.ok(accepted > 0 && accepted <= 64 * 1024, `${accepted} bytes stored`);
    const rows = await attachmentRows(tight, conversation.id);
    assert.equal(
      rows.reduce((sum, row) => sum + row.bytes, 0),
      accepted,
    );
  });

  test('one client address stores a bounded number of bytes per quarter hour: 429 in French', async () => {
    const { start } = citizenClient(() => tight.app);
    const address = '203.0.113.20';
    let accepted = 0;
    let refused: Awaited<ReturnType<typeof upload>> | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      // A new conversation each time: the per-conversation budget is not what stops it.
      const conversation = await start();
      const before = await storedFiles(tight);
      const response = await upload(tight, conversation, await photo(), address);
      if (response.statusCode === 201) {
        accepted += response.json().bytes;
      } else {
        refused = response;
        assert.deepEqual(await storedFiles(tight), before, 'nothing written for the refused photo');
        assert.equal((await attachmentRows(tight, conversation.id)).length, 0);
      }
    }
    assert.ok(refused, 'the budget was reached');
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().error.code, 'too_many_uploads');
    assert.match(refused.json().error.message, /Patientez quelques minutes/);
    assert.ok(accepted > 64 * 1024 && accepted <= 160 * 1024, `${accepted} bytes stored`);
    // Another client is not affected.
    const other = await upload(tight, await start(), await photo(), '198.51.100.30');
    assert.equal(other.statusCode, 201, other.body);
  });
});
