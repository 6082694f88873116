import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from '../crypto/derive-key.ts';
import { AppError } from '../errors.ts';

/** The longest Idempotency-Key accepted (a UUID is 36 characters). */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;

/** How long after a transmission the same Idempotency-Key gives the same answer again. */
export const IDEMPOTENCY_WINDOW_MS = 60 * 60 * 1000;

// Its own key, derived from the token key: a keyed hash of an Idempotency-Key can never be taken for a
// token's, whatever the client sends as either.
const subkeys = new WeakMap<Buffer, Buffer>();
function idempotencyKeyOf(tokenKey: Buffer): Buffer {
  let key = subkeys.get(tokenKey);
  if (!key) {
    key = deriveKey(tokenKey, 'submit-idempotency-key');
    subkeys.set(tokenKey, key);
  }
  return key;
}

/**
 * The keyed hash (HMAC-SHA256) of a submission's Idempotency-Key, bound to its conversation: the only
 * form kept. Throws `invalid_input` for an empty key or one longer than MAX_IDEMPOTENCY_KEY_LENGTH.
 */
export function hashIdempotencyKey(tokenKey: Buffer, conversationId: string, key: string): Buffer {
  if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new AppError(
      'invalid_input',
      `L’en-tête Idempotency-Key doit compter de 1 à ${MAX_IDEMPOTENCY_KEY_LENGTH} caractères.`,
    );
  }
  return createHmac('sha256', idempotencyKeyOf(tokenKey))
    .update(`${conversationId}\n${key}`, 'utf8')
    .digest();
}

/** Whether a stored hash is the one of this key (constant time). */
export function sameIdempotencyKey(stored: Buffer | null, presented: Buffer): boolean {
  return stored !== null && stored.length === presented.length && timingSafeEqual(stored, presented);
}
