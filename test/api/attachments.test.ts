import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import {
  buildExifTiff,
  buildIptcSegment,
  CAMERA,
  injectJpegMetadata,
} from '../../src/attachments/image/image-fixtures.ts';
import { attachmentAad } from '../../src/attachments/upload-attachment.ts';
import { dataKeyAad } from '../../src/conversations/conversation-access.ts';
import { decryptFile, unwrapDataKey } from '../../src/crypto/envelope.ts';
import { citizenClient } from '../support/citizen-client.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({
    env: { VIGIE_UPLOAD_MAX_BYTES: String(200 * 1024), VIGIE_UPLOAD_MAX_FILES: '2' },
  });
});
after(async () => {
  await t.close();
});

function multipart(bytes: Buffer, filename: string, contentType: string, field = 'file') {
  const boundary = `----vigie${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
        `Content-Type: ${contentType}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const { start } = citizenClient(() => t.app);

async function upload(
  conversation: { id: string; token: string },
  bytes: Buffer,
  filename = 'photo.jpg',
  type = 'image/jpeg',
) {
  const body = multipart(bytes, filename, type);
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversation.id}/attachments`,
    headers: { ...body.headers, authorization: `Bearer ${conversation.token}` },
    payload: body.payload,
  });
}

async function storedFiles(): Promise<string[]> {
  try {
    return (await readdir(path.join(t.dataDir, 'attachments'))).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}

async function gpsJpeg(): Promise<Buffer> {
  const plain = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  const thumbnail = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .jpeg()
    .toBuffer();
  return injectJpegMetadata(
    plain,
    buildExifTiff(1, thumbnail),
    buildIptcSegment('Jean Témoin', 'Besançon'),
    'commentaire',
  );
}

describe('photo uploads', () => {
  test('a JPEG carrying GPS EXIF comes out clean, encrypted at rest', async () => {
    const conversation = await start();
    const input = await gpsJpeg();
    assert.ok((await sharp(input).metadata()).exif, 'the test photo has EXIF');
    const response = await upload(conversation, input);
    assert.equal(response.statusCode, 201, response.body);
    const { id, mime, bytes } = response.json();
    assert.equal(mime, 'image/jpeg');
    const row = await t.deps.db
      .selectFrom('attachments as a')
      .innerJoin('conversations as c', 'c.id', 'a.conversation_id')
      .innerJoin('data_keys as k', 'k.id', 'c.key_id')
      .select(['a.storage_key', 'k.wrapped', 'c.key_id'])
      .where('a.id', '=', id)
      .executeTakeFirstOrThrow();
    const { readFile } = await import('node:fs/promises');
    const stored = await readFile(path.join(t.dataDir, 'attachments', row.storage_key));
    assert.equal(stored.indexOf(Buffer.from([0xff, 0xd8, 0xff])), -1, 'the file on disk is not a plain JPEG');
    const dataKey = unwrapDataKey(t.deps.keys.wrapKey, row.wrapped as Buffer, dataKeyAad(row.key_id));
    const clean = decryptFile(dataKey, stored, attachmentAad(id));
    assert.equal(clean.length, bytes);
    const metadata = await sharp(clean).metadata();
    assert.equal(metadata.exif, undefined);
    assert.equal(metadata.iptc, undefined);
    for (const needle of ['GPS', CAMERA.make, 'Exif', 'Jean'])
      assert.equal(clean.indexOf(needle), -1, needle);
  });

  test('a disguised file is refused with 415 and leaves nothing on disk', async () => {
    const conversation = await start();
    const before = await storedFiles();
    for (const [bytes, name, type] of [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg'],
      [Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj'), 'scan.png', 'image/png'],
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'a.webp', 'image/webp'],
    ] as const) {
      const response = await upload(conversation, bytes, name, type);
      assert.equal(response.statusCode, 415, response.body);
      assert.equal(response.json().error.code, 'unsupported_type');
      assert.match(response.json().error.message, /JPEG, PNG ou WebP/);
    }
    assert.deepEqual(await storedFiles(), before);
  });

  test('an oversized upload is refused with 413 and leaves nothing on disk', async () => {
    const conversation = await start();
    const before = await storedFiles();
    // Random pixels do not compress: a 400×400 PNG of noise is well over the 200 KB limit set above.
    const big = await sharp(randomBytes(400 * 400 * 3), { raw: { width: 400, height: 400, channels: 3 } })
      .png()
      .toBuffer();
    assert.ok(big.length > 200 * 1024);
    const response = await upload(conversation, big, 'grande.png', 'image/png');
    assert.equal(response.statusCode, 413, response.body);
    assert.equal(response.json().error.code, 'file_too_large');
    assert.deepEqual(await storedFiles(), before);
  });

  test('the number of photos per conversation is limited', async () => {
    const conversation = await start();
    const small = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    assert.equal((await upload(conversation, small, 'a.png', 'image/png')).statusCode, 201);
    assert.equal((await upload(conversation, small, 'b.png', 'image/png')).statusCode, 201);
    const third = await upload(conversation, small, 'c.png', 'image/png');
    assert.equal(third.statusCode, 413);
    assert.equal(third.json().error.code, 'too_many_files');
  });

  test('without the token, no upload', async () => {
    const conversation = await start();
    const small = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const response = await upload({ id: conversation.id, token: 'faux' }, small, 'a.png', 'image/png');
    assert.equal(response.statusCode, 401);
  });
});
