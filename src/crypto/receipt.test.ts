import assert from 'node:assert/strict';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { deriveReceipt, generateToken, hashReceipt, hashToken, normalizeReceipt } from './receipt.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

const DERIVATION_KEY = randomBytes(32);

/** A receipt as Vigie makes one: derived from a new report id and a new device token. */
function newReceipt(): string {
  return deriveReceipt(DERIVATION_KEY, randomUUID(), generateToken());
}

function decodeCrockford(receipt: string): bigint {
  let value = 0n;
  for (const char of receipt.replaceAll('-', '')) value = value * 32n + BigInt(CROCKFORD.indexOf(char));
  return value;
}

test('receipts have the XXXX-XXXX-XXXX-XXXX Crockford format', () => {
  for (let i = 0; i < 1000; i++) {
    const receipt = newReceipt();
    assert.match(receipt, FORMAT);
    assert.equal(normalizeReceipt(receipt), receipt, 'canonical form is a fixed point');
  }
});

test('receipts carry 80 bits: every bit position varies and no collision in 20 000 draws', () => {
  const seen = new Set<string>();
  let orAll = 0n;
  let andAll = (1n << 80n) - 1n;
  for (let i = 0; i < 20_000; i++) {
    const receipt = newReceipt();
    seen.add(receipt);
    const value = decodeCrockford(receipt);
    assert.ok(value < 1n << 80n);
    orAll |= value;
    andAll &= value;
  }
  assert.equal(seen.size, 20_000);
  assert.equal(orAll, (1n << 80n) - 1n, 'every bit is sometimes 1');
  assert.equal(andAll, 0n, 'every bit is sometimes 0');
});

test('symbols are roughly uniform (chi-square sanity check)', () => {
  const counts = new Map<string, number>();
  const draws = 5000;
  for (let i = 0; i < draws; i++) {
    for (const char of newReceipt().replaceAll('-', '')) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  assert.equal(counts.size, 32);
  const expected = (draws * 16) / 32;
  let chi2 = 0;
  for (const count of counts.values()) chi2 += (count - expected) ** 2 / expected;
  // 31 degrees of freedom: p < 1e-6 above ~80; a biased encoder (e.g. modulo) lands far higher.
  assert.ok(chi2 < 80, `chi2 = ${chi2}`);
});

test('normalizeReceipt forgives case, separators and look-alike letters', () => {
  const canonical = '7K3M-Q9TX-2HBD-W4NR';
  const variants = [
    '7K3M-Q9TX-2HBD-W4NR',
    '7k3m-q9tx-2hbd-w4nr',
    '7K3MQ9TX2HBDW4NR',
    '7K3M Q9TX 2HBD W4NR',
    ' 7k3m.q9tx.2hbd.w4nr ',
    '7 K 3 M - Q 9 T X - 2 H B D - W 4 N R',
    '7K3M--Q9TX..2HBD  W4NR',
    '7K3M\u00a0Q9TX\u202f2HBD\u2013W4NR', // no-break spaces and an en dash from a word processor
    '７Ｋ３Ｍ－Ｑ９ＴＸ－２ＨＢＤ－Ｗ４ＮＲ', // full-width, as some phone keyboards type
  ];
  for (const input of variants) assert.equal(normalizeReceipt(input), canonical, input);
});

test('normalizeReceipt maps O→0 and I/L→1 as read aloud or misread', () => {
  assert.equal(normalizeReceipt('OOOO-IIII-LLLL-oil0'), '0000-1111-1111-0110');
  assert.equal(normalizeReceipt('1O2I-3L4o-5i6l-7890'), '1021-3140-5161-7890');
});

test('normalizeReceipt rejects wrong lengths and symbols outside the alphabet', () => {
  const invalid = [
    '',
    '   ',
    '7K3M-Q9TX-2HBD',
    '7K3M-Q9TX-2HBD-W4N',
    '7K3M-Q9TX-2HBD-W4NRX',
    '7K3M-Q9TX-2HBD-W4NU', // U is not Crockford
    '7K3M-Q9TX-2HBD-W4N!',
    '7K3M-Q9TX-2HBD-W4NÉ',
    '7K3M/Q9TX/2HBD/W4NR',
    '7K3M-Q9TX-2HBD-W4NR-7K3M-Q9TX-2HBD-W4NR',
  ];
  for (const input of invalid) assert.equal(normalizeReceipt(input), null, input);
});

test('hashReceipt is HMAC-SHA256 of the canonical form, equal for every spelling', () => {
  const key = randomBytes(32);
  const receipt = newReceipt();
  const hash = hashReceipt(key, receipt);
  assert.equal(hash.length, 32);
  assert.deepEqual(hash, createHmac('sha256', key).update(receipt).digest());
  assert.deepEqual(hashReceipt(key, receipt.toLowerCase().replaceAll('-', ' ')), hash);
  assert.notDeepEqual(hashReceipt(randomBytes(32), receipt), hash, 'keyed: another key, another hash');
  assert.notDeepEqual(hashReceipt(key, newReceipt()), hash);
  assert.throws(() => hashReceipt(key, 'pas un récépissé'), TypeError);
  assert.throws(() => hashReceipt(randomBytes(16), receipt), TypeError);
});

test('generateToken gives at least 128 bits in base64url, all distinct', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const token = generateToken();
    assert.match(token, /^[A-Za-z0-9_-]+$/);
    assert.ok(Buffer.from(token, 'base64url').length >= 16);
    seen.add(token);
  }
  assert.equal(seen.size, 1000);
});

test('hashToken is a keyed HMAC-SHA256 of the token', () => {
  const key = randomBytes(32);
  const token = generateToken();
  assert.deepEqual(hashToken(key, token), createHmac('sha256', key).update(token).digest());
  assert.notDeepEqual(hashToken(randomBytes(32), token), hashToken(key, token));
  assert.notDeepEqual(hashToken(key, generateToken()), hashToken(key, token));
  assert.throws(() => hashToken(Buffer.alloc(0), token), TypeError);
});

test('deriveReceipt: the same report and token give the same receipt, any other input another one', () => {
  const key = randomBytes(32);
  const token = generateToken();
  const receipt = deriveReceipt(key, 'report-1', token);
  assert.match(receipt, /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
  assert.equal(normalizeReceipt(receipt), receipt);
  assert.equal(deriveReceipt(key, 'report-1', token), receipt);
  assert.notEqual(deriveReceipt(key, 'report-2', token), receipt);
  assert.notEqual(deriveReceipt(key, 'report-1', generateToken()), receipt);
  assert.notEqual(deriveReceipt(randomBytes(32), 'report-1', token), receipt);
});
