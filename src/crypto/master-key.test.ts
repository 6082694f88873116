import assert from 'node:assert/strict';
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createKeyRing, deriveKey, loadMasterKey, parseMasterKey } from './master-key.ts';

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vigie-master-key-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const missingFile = () => join(root, `absent-${randomBytes(4).toString('hex')}.key`);

test('env value in base64, base64url and hex gives the same 32 bytes', async () => {
  const key = randomBytes(32);
  for (const envValue of [
    key.toString('base64'),
    key.toString('base64url'),
    key.toString('hex'),
    key.toString('hex').toUpperCase(),
    `  ${key.toString('base64')}\n`,
  ]) {
    const loaded = await loadMasterKey({ envValue, keyFile: missingFile(), createIfMissing: false });
    assert.deepEqual(loaded, key);
  }
});

test('env value wins over the key file and creates nothing', async () => {
  const key = randomBytes(32);
  const keyFile = missingFile();
  const loaded = await loadMasterKey({ envValue: key.toString('hex'), keyFile, createIfMissing: true });
  assert.deepEqual(loaded, key);
  await assert.rejects(stat(keyFile), { code: 'ENOENT' });
});

test('invalid env values are refused with a French message that does not echo the secret', async () => {
  const bad = [
    'secret',
    randomBytes(16).toString('base64'),
    randomBytes(31).toString('hex'),
    randomBytes(33).toString('base64'),
    `${randomBytes(32).toString('hex')}zz`,
    'z'.repeat(64),
  ];
  for (const envValue of bad) {
    await assert.rejects(
      loadMasterKey({ envValue, keyFile: missingFile(), createIfMissing: false }),
      (error) => {
        assert.ok(error instanceof Error);
        assert.match(error.message, /Clé maîtresse invalide .*32 octets/);
        assert.ok(!error.message.includes(envValue.trim()));
        return true;
      },
    );
  }
});

test('empty env value falls back to the key file', async () => {
  await assert.rejects(
    loadMasterKey({ envValue: '', keyFile: missingFile(), createIfMissing: false }),
    /Clé maîtresse introuvable/,
  );
});

test('missing file is created with mode 0600 in a 0700 directory, and read back identically', async () => {
  const dir = join(root, 'nested', 'secrets');
  const keyFile = join(dir, 'master.key');
  const created = await loadMasterKey({ keyFile, createIfMissing: true });
  assert.equal(created.length, 32);
  assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
  assert.equal((await stat(dir)).mode & 0o777, 0o700);
  assert.deepEqual(Buffer.from((await readFile(keyFile, 'utf8')).trim(), 'base64'), created);
  assert.deepEqual(await readdir(dir), ['master.key'], 'no temporary file left behind');
  assert.deepEqual(await loadMasterKey({ keyFile, createIfMissing: true }), created);
  assert.deepEqual(await loadMasterKey({ keyFile, createIfMissing: false }), created);
});

test('concurrent creations agree on a single key', async () => {
  const keyFile = join(root, 'race', 'master.key');
  const keys = await Promise.all(
    Array.from({ length: 8 }, () => loadMasterKey({ keyFile, createIfMissing: true })),
  );
  for (const key of keys) assert.deepEqual(key, keys[0]);
  assert.deepEqual(await readdir(join(root, 'race')), ['master.key']);
});

test('missing file without createIfMissing is refused', async () => {
  await assert.rejects(loadMasterKey({ keyFile: missingFile(), createIfMissing: false }), /introuvable/);
});

test('a key file readable by group or others is refused', async () => {
  for (const mode of [0o644, 0o640, 0o604, 0o660]) {
    const keyFile = join(root, `loose-${mode.toString(8)}.key`);
    await writeFile(keyFile, randomBytes(32).toString('base64'));
    await chmod(keyFile, mode);
    await assert.rejects(loadMasterKey({ keyFile, createIfMissing: true }), (error) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /lisible par d'autres utilisateurs/);
      assert.match(error.message, /chmod 600/);
      return true;
    });
  }
});

test('an existing 0600 hex key file is accepted; garbage in it is refused', async () => {
  const key = randomBytes(32);
  const keyFile = join(root, 'hex.key');
  await writeFile(keyFile, `${key.toString('hex')}\n`, { mode: 0o600 });
  assert.deepEqual(await loadMasterKey({ keyFile, createIfMissing: false }), key);
  const badFile = join(root, 'bad.key');
  await writeFile(badFile, 'not a key', { mode: 0o600 });
  await assert.rejects(loadMasterKey({ keyFile: badFile, createIfMissing: true }), /Clé maîtresse invalide/);
});

test('a directory in place of the key file is refused', async () => {
  await assert.rejects(loadMasterKey({ keyFile: root, createIfMissing: true }), /fichier ordinaire/);
});

test('parseMasterKey is exported for direct use', () => {
  const key = randomBytes(32);
  assert.deepEqual(parseMasterKey(key.toString('base64'), 'test'), key);
  assert.throws(() => parseMasterKey('', 'test'), /invalide \(test\)/);
});

test('deriveKey is HKDF-SHA256: deterministic, 32 bytes, distinct per purpose and per master', () => {
  const master = randomBytes(32);
  const wrap = deriveKey(master, 'data-key-wrap');
  assert.equal(wrap.length, 32);
  assert.deepEqual(deriveKey(master, 'data-key-wrap'), wrap);
  assert.notDeepEqual(deriveKey(randomBytes(32), 'data-key-wrap'), wrap);
  assert.notDeepEqual(deriveKey(master, 'receipt'), wrap);
  // Pinned against node's own HKDF so the derivation can never change silently.
  const expected = Buffer.from(hkdfSync('sha256', master, 'vigie/master-key/v1', 'data-key-wrap', 32));
  assert.deepEqual(wrap, expected);
  assert.throws(() => deriveKey(randomBytes(16), 'receipt'), TypeError);
  assert.throws(() => deriveKey(master, ''), TypeError);
});

test('deriveKey matches a hand-written RFC 5869 computation (salt and info pinned)', () => {
  const master = Buffer.alloc(32, 7);
  const known = deriveKey(master, 'receipt').toString('hex');
  // Recompute HKDF by hand (RFC 5869) to prove the salt and info are what we say.
  const prk = createHmac('sha256', 'vigie/master-key/v1').update(master).digest();
  const okm = createHmac('sha256', prk)
    .update(Buffer.concat([Buffer.from('receipt'), Buffer.of(1)]))
    .digest();
  assert.equal(known, okm.toString('hex'));
});

test('createKeyRing yields distinct keys, none equal to the master', () => {
  const master = randomBytes(32);
  const ring = createKeyRing(master);
  const keys = [
    ring.wrapKey,
    ring.receiptKey,
    ring.receiptDerivationKey,
    ring.tokenKey,
    ring.blindIndexKey,
    ring.totpKey,
    ring.agentTokenKey,
  ];
  const hex = new Set(keys.map((k) => k.toString('hex')));
  assert.equal(hex.size, 7);
  assert.notEqual(ring.appRolePassword, createKeyRing(randomBytes(32)).appRolePassword);
  assert.ok(!hex.has(master.toString('hex')));
  for (const key of keys) assert.equal(key.length, 32);
  assert.deepEqual(ring.tokenKey, deriveKey(master, 'token'));
  assert.deepEqual(ring.blindIndexKey, deriveKey(master, 'blind-index'));
  assert.deepEqual(createKeyRing(master), ring);
});
