import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { blindIndex } from './blind-index.ts';

test('blindIndex is HMAC-SHA256 over type NUL value', () => {
  const key = randomBytes(32);
  const expected = createHmac('sha256', key).update('plate\0AB123CD').digest();
  assert.deepEqual(blindIndex(key, 'plate', 'AB123CD'), expected);
  assert.equal(expected.length, 32);
});

test('equal facts give equal indexes; different values, types or keys do not', () => {
  const key = randomBytes(32);
  const index = blindIndex(key, 'phone', '+33612345678');
  assert.deepEqual(blindIndex(key, 'phone', '+33612345678'), index);
  assert.notDeepEqual(blindIndex(key, 'phone', '+33612345679'), index);
  assert.notDeepEqual(blindIndex(key, 'handle', '+33612345678'), index);
  assert.notDeepEqual(blindIndex(randomBytes(32), 'phone', '+33612345678'), index);
});

test('the separator prevents (type, value) splicing', () => {
  const key = randomBytes(32);
  assert.notDeepEqual(blindIndex(key, 'ab', 'c'), blindIndex(key, 'a', 'bc'));
  assert.throws(() => blindIndex(key, 'a\0b', 'c'), TypeError);
  assert.throws(() => blindIndex(key, '', 'c'), TypeError);
});

test('keys of the wrong length are refused', () => {
  assert.throws(() => blindIndex(randomBytes(16), 'plate', 'AB123CD'), TypeError);
});
