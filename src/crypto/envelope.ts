import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { secretKeyOf } from './secret-key-cache.ts';

// Blob layout: version (1) | nonce (12) | GCM tag (16) | ciphertext. The version byte lets us change
// algorithm later without guessing what an old blob is.
const FORMAT_VERSION = 0x01;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
const HEADER_LENGTH = 1 + NONCE_LENGTH + TAG_LENGTH;
const KEY_LENGTH = 32;

// Domain separation: a wrapped data key can never be decrypted as content, nor the reverse, even if
// someone mixed up the keys.
const WRAP_DOMAIN = 'vigie:data-key';
const DATA_DOMAIN = 'vigie:data';

/** Thrown when a blob cannot be decrypted: tampered, wrong key, wrong AAD or not a Vigie blob. */
export class DecryptionError extends Error {
  readonly code: 'decryption_failed';
  constructor() {
    super('Déchiffrement impossible : données altérées, mauvaise clé ou mauvais contexte.');
    this.name = 'DecryptionError';
    this.code = 'decryption_failed';
  }
}

/** A fresh random 32-byte AES-256 key for one report. */
export function generateDataKey(): Buffer {
  return randomBytes(KEY_LENGTH);
}

/**
 * Encrypts a report's data key under the wrap key. `aad` (e.g. `report:<id>`) binds the wrapped key
 * to its report row.
 */
export function wrapDataKey(wrapKey: Buffer, dataKey: Buffer, aad = ''): Buffer {
  checkKey(dataKey, 'dataKey');
  return seal(wrapKey, dataKey, WRAP_DOMAIN, aad);
}

/** Decrypts a wrapped data key; throws `DecryptionError` if anything does not match. */
export function unwrapDataKey(wrapKey: Buffer, wrapped: Buffer, aad = ''): Buffer {
  const dataKey = open(wrapKey, wrapped, WRAP_DOMAIN, aad);
  if (dataKey.length !== KEY_LENGTH) throw new DecryptionError();
  return dataKey;
}

/** Encrypts bytes with AES-256-GCM; `aad` (e.g. `message:<id>`) binds the blob to its row. */
export function encryptBytes(dataKey: Buffer, plaintext: Buffer, aad = ''): Buffer {
  return seal(dataKey, plaintext, DATA_DOMAIN, aad);
}

/** Decrypts what `encryptBytes` produced; throws `DecryptionError` on tampering, wrong key or wrong AAD. */
export function decryptBytes(dataKey: Buffer, blob: Buffer, aad = ''): Buffer {
  return open(dataKey, blob, DATA_DOMAIN, aad);
}

/** Encrypts any JSON-serialisable value. */
export function encryptJson(dataKey: Buffer, value: unknown, aad = ''): Buffer {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('encryptJson: valeur non sérialisable en JSON.');
  return encryptBytes(dataKey, Buffer.from(json, 'utf8'), aad);
}

/** Decrypts and parses what `encryptJson` produced. The type parameter is trusted, not checked. */
export function decryptJson<T>(dataKey: Buffer, blob: Buffer, aad = ''): T {
  return JSON.parse(decryptBytes(dataKey, blob, aad).toString('utf8')) as T;
}

/**
 * Encrypts a whole file held in memory (photos are at most a few MB, so no streaming).
 * `aad` is mandatory here: a file blob must always be bound to its attachment row.
 */
export function encryptFile(dataKey: Buffer, source: Buffer, aad: string): Buffer {
  return encryptBytes(dataKey, source, aad);
}

/** Decrypts what `encryptFile` produced. */
export function decryptFile(dataKey: Buffer, blob: Buffer, aad: string): Buffer {
  return decryptBytes(dataKey, blob, aad);
}

// Each call to randomBytes goes down to OpenSSL: nonces are cut from a block drawn from the same CSPRNG,
// a few hundred at a time, each used once (Node does the same for randomUUID). A refill replaces the
// block, so a nonce handed out earlier is never overwritten.
const NONCE_BLOCK = NONCE_LENGTH * 256;
let nonceBlock = Buffer.alloc(0);
let nonceOffset = 0;

function freshNonce(): Buffer {
  if (nonceOffset + NONCE_LENGTH > nonceBlock.length) {
    nonceBlock = randomBytes(NONCE_BLOCK);
    nonceOffset = 0;
  }
  const nonce = nonceBlock.subarray(nonceOffset, nonceOffset + NONCE_LENGTH);
  nonceOffset += NONCE_LENGTH;
  return nonce;
}

function seal(key: Buffer, plaintext: Buffer, domain: string, aad: string): Buffer {
  const nonce = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', secretKeyOf(key, checkKey), nonce, {
    authTagLength: TAG_LENGTH,
  });
  cipher.setAAD(fullAad(domain, aad));
  const ciphertext = cipher.update(plaintext);
  cipher.final(); // GCM is a stream mode: final() only computes the tag, it returns no bytes
  return Buffer.concat(
    [VERSION_BYTE, nonce, cipher.getAuthTag(), ciphertext],
    HEADER_LENGTH + ciphertext.length,
  );
}

function open(key: Buffer, blob: Buffer, domain: string, aad: string): Buffer {
  const keyObject = secretKeyOf(key, checkKey);
  if (blob.length < HEADER_LENGTH || blob[0] !== FORMAT_VERSION) throw new DecryptionError();
  const nonce = blob.subarray(1, 1 + NONCE_LENGTH);
  const tag = blob.subarray(1 + NONCE_LENGTH, HEADER_LENGTH);
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyObject, nonce, { authTagLength: TAG_LENGTH });
    decipher.setAAD(fullAad(domain, aad));
    decipher.setAuthTag(tag);
    const plaintext = decipher.update(blob.subarray(HEADER_LENGTH));
    decipher.final(); // checks the tag (throws on tampering); GCM returns no bytes here
    return plaintext;
  } catch {
    throw new DecryptionError();
  }
}

const VERSION_BYTE = Buffer.of(FORMAT_VERSION);
const VERSION_CHAR = String.fromCharCode(FORMAT_VERSION);

// The version byte is authenticated too, so it cannot be swapped to downgrade a blob. (It is below 0x80,
// so as a character it encodes to that same single byte in UTF-8.)
function fullAad(domain: string, aad: string): Buffer {
  return Buffer.from(`${VERSION_CHAR}${domain}\0${aad}`, 'utf8');
}

function checkKey(key: Buffer, name: string): void {
  if (key.length !== KEY_LENGTH) throw new TypeError(`${name} : la clé doit faire 32 octets.`);
}
