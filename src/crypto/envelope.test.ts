import assert from 'node:assert/strict';
import { createCipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  DecryptionError,
  decryptBytes,
  decryptFile,
  decryptJson,
  encryptBytes,
  encryptFile,
  encryptJson,
  generateDataKey,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.ts';

const isDecryptionError = (error: unknown) => {
  assert.ok(error instanceof DecryptionError);
  assert.equal(error.code, 'decryption_failed');
  assert.match(error.message, /Déchiffrement impossible/);
  return true;
};

test('generateDataKey returns 32 fresh random bytes', () => {
  const a = generateDataKey();
  const b = generateDataKey();
  assert.equal(a.length, 32);
  assert.notDeepEqual(a, b);
});

test('wrap/unwrap round-trips and the layout is version | nonce | tag | ciphertext', () => {
  const wrapKey = randomBytes(32);
  const dataKey = generateDataKey();
  const wrapped = wrapDataKey(wrapKey, dataKey);
  assert.equal(wrapped.length, 1 + 12 + 16 + 32);
  assert.equal(wrapped[0], 1);
  assert.ok(!wrapped.includes(dataKey), 'the data key does not appear in clear');
  assert.deepEqual(unwrapDataKey(wrapKey, wrapped), dataKey);
  assert.notDeepEqual(wrapDataKey(wrapKey, dataKey), wrapped, 'fresh nonce each time');
});

test('unwrap fails with the wrong wrap key, a tampered blob or the wrong report binding', () => {
  const wrapKey = randomBytes(32);
  const dataKey = generateDataKey();
  const wrapped = wrapDataKey(wrapKey, dataKey, 'report:1');
  assert.deepEqual(unwrapDataKey(wrapKey, wrapped, 'report:1'), dataKey);
  assert.throws(() => unwrapDataKey(randomBytes(32), wrapped, 'report:1'), isDecryptionError);
  assert.throws(() => unwrapDataKey(wrapKey, wrapped, 'report:2'), isDecryptionError);
  assert.throws(() => unwrapDataKey(wrapKey, wrapped), isDecryptionError);
  for (let i = 0; i < wrapped.length; i++) {
    const tampered = Buffer.from(wrapped);
    tampered[i] = (tampered[i] ?? 0) ^ 0x01;
    assert.throws(() => unwrapDataKey(wrapKey, tampered, 'report:1'), isDecryptionError, `byte ${i}`);
  }
});

test('a wrapped key cannot be decrypted as content, nor content unwrapped as a key', () => {
  const key = randomBytes(32);
  const wrapped = wrapDataKey(key, randomBytes(32));
  assert.throws(() => decryptBytes(key, wrapped), isDecryptionError);
  const blob = encryptBytes(key, randomBytes(32));
  assert.throws(() => unwrapDataKey(key, blob), isDecryptionError);
});

test('encryptBytes/decryptBytes round-trip, including empty and large payloads', () => {
  const dataKey = generateDataKey();
  for (const plaintext of [
    Buffer.alloc(0),
    Buffer.from('Rendez-vous près du square à 22 h'),
    randomBytes(1 << 20),
  ]) {
    const blob = encryptBytes(dataKey, plaintext, 'message:42');
    assert.equal(blob.length, plaintext.length + 29);
    assert.deepEqual(decryptBytes(dataKey, blob, 'message:42'), plaintext);
  }
});

test('same plaintext twice gives different ciphertexts', () => {
  const dataKey = generateDataKey();
  const plaintext = Buffer.from('même texte');
  assert.notDeepEqual(encryptBytes(dataKey, plaintext), encryptBytes(dataKey, plaintext));
});

test('AAD binds a blob to its row: moved to another row it fails', () => {
  const dataKey = generateDataKey();
  const blob = encryptBytes(dataKey, Buffer.from('secret'), 'message:1');
  assert.throws(() => decryptBytes(dataKey, blob, 'message:2'), isDecryptionError);
  assert.throws(() => decryptBytes(dataKey, blob, 'report:1'), isDecryptionError);
  assert.throws(() => decryptBytes(dataKey, blob), isDecryptionError);
  const unbound = encryptBytes(dataKey, Buffer.from('secret'));
  assert.throws(() => decryptBytes(dataKey, unbound, 'message:1'), isDecryptionError);
  assert.equal(decryptBytes(dataKey, unbound).toString(), 'secret');
});

test('wrong key fails', () => {
  const blob = encryptBytes(generateDataKey(), Buffer.from('secret'), 'message:1');
  assert.throws(() => decryptBytes(generateDataKey(), blob, 'message:1'), isDecryptionError);
});

test('any flipped bit, truncation, extension, or unknown version is detected', () => {
  const dataKey = generateDataKey();
  const blob = encryptBytes(dataKey, Buffer.from('Un guetteur au coin de la rue'), 'message:7');
  for (let i = 0; i < blob.length; i++) {
    for (const bit of [0x01, 0x80]) {
      const tampered = Buffer.from(blob);
      tampered[i] = (tampered[i] ?? 0) ^ bit;
      assert.throws(() => decryptBytes(dataKey, tampered, 'message:7'), isDecryptionError, `byte ${i}`);
    }
  }
  assert.throws(
    () => decryptBytes(dataKey, blob.subarray(0, blob.length - 1), 'message:7'),
    isDecryptionError,
  );
  assert.throws(() => decryptBytes(dataKey, blob.subarray(0, 20), 'message:7'), isDecryptionError);
  assert.throws(() => decryptBytes(dataKey, Buffer.alloc(0), 'message:7'), isDecryptionError);
  assert.throws(
    () => decryptBytes(dataKey, Buffer.concat([blob, Buffer.of(0)]), 'message:7'),
    isDecryptionError,
  );
});

test('JSON round-trip keeps structure and accents', () => {
  const dataKey = generateDataKey();
  const value = { catégorie: 'stupéfiants', lieux: ['hall B', 'parking'], heure: 22, vu: true, note: null };
  const blob = encryptJson(dataKey, value, 'report:9');
  assert.ok(!blob.includes(Buffer.from('stupéfiants')));
  assert.deepEqual(decryptJson<typeof value>(dataKey, blob, 'report:9'), value);
  assert.throws(() => decryptJson(dataKey, blob, 'report:10'), isDecryptionError);
  assert.equal(decryptJson<string>(dataKey, encryptJson(dataKey, 'texte')), 'texte');
});

test('encryptJson refuses values JSON cannot represent', () => {
  assert.throws(() => encryptJson(generateDataKey(), undefined), TypeError);
  assert.throws(() => encryptJson(generateDataKey(), () => 1), TypeError);
});

test('files round-trip bound to their attachment', () => {
  const dataKey = generateDataKey();
  const photo = randomBytes(256 * 1024);
  const blob = encryptFile(dataKey, photo, 'attachment:3');
  assert.deepEqual(decryptFile(dataKey, blob, 'attachment:3'), photo);
  assert.throws(() => decryptFile(dataKey, blob, 'attachment:4'), isDecryptionError);
});

test('keys of the wrong length are refused before any crypto', () => {
  assert.throws(() => encryptBytes(randomBytes(16), Buffer.from('x')), TypeError);
  assert.throws(() => decryptBytes(randomBytes(31), Buffer.alloc(40)), TypeError);
  assert.throws(() => wrapDataKey(randomBytes(32), randomBytes(16)), TypeError);
  assert.throws(() => wrapDataKey(randomBytes(24), randomBytes(32)), TypeError);
});

test('nonces never repeat, across refills of the nonce block', () => {
  const key = randomBytes(32);
  const nonces = new Set<string>();
  for (let i = 0; i < 1000; i++)
    nonces.add(
      encryptBytes(key, Buffer.of(i % 256))
        .subarray(1, 13)
        .toString('hex'),
    );
  assert.equal(nonces.size, 1000);
});

test('a blob built by hand in the documented layout opens (stored data keeps opening across versions)', () => {
  const key = randomBytes(32);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(Buffer.concat([Buffer.of(1), Buffer.from('vigie:data\0message:42', 'utf8')]));
  const ciphertext = Buffer.concat([cipher.update('Un scooter blanc', 'utf8'), cipher.final()]);
  const blob = Buffer.concat([Buffer.of(1), nonce, cipher.getAuthTag(), ciphertext]);
  assert.equal(decryptBytes(key, blob, 'message:42').toString('utf8'), 'Un scooter blanc');
  assert.throws(() => decryptBytes(key, blob, 'message:43'), DecryptionError);
});
