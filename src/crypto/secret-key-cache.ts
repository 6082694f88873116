import { createSecretKey, type KeyObject } from 'node:crypto';

// Node builds a KeyObject from a Buffer key on every cipher or HMAC: measurable on the message path,
// where one request uses the same keys several times. KeyObjects are cached per Buffer and go with it.
const cache = new WeakMap<Buffer, KeyObject>();

/** The KeyObject of a raw key, checked once by `check` (which throws on a bad key) then cached. */
export function secretKeyOf(key: Buffer, check: (key: Buffer, name: string) => void): KeyObject {
  let keyObject = cache.get(key);
  if (!keyObject) {
    check(key, 'key');
    keyObject = createSecretKey(key);
    cache.set(key, keyObject);
  }
  return keyObject;
}
