import { hkdfSync } from 'node:crypto';

// A fixed, public salt: the master key is already uniformly random, the salt only separates Vigie's
// derivations from any other use of the same bytes.
const HKDF_SALT = Buffer.from('vigie/master-key/v1', 'utf8');

/**
 * Derives a 32-byte subkey for `purpose` with HKDF-SHA256. Same master and purpose → same key;
 * different purposes → independent keys. Vigie's purposes: 'data-key-wrap', 'receipt', 'token',
 * 'blind-index'.
 */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  if (master.length !== 32) throw new TypeError('deriveKey: la clé maîtresse doit faire 32 octets.');
  if (purpose === '') throw new TypeError('deriveKey: usage de clé vide.');
  return Buffer.from(hkdfSync('sha256', master, HKDF_SALT, Buffer.from(purpose, 'utf8'), 32));
}
