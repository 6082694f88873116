import { createHmac } from 'node:crypto';

/**
 * Blind index of a searchable fact: HMAC-SHA256 over `type + '\0' + normalizedValue`. The type is part
 * of the MAC so a phone number and a plate with the same text never collide. Normalising the value
 * (case, spaces, format) is the caller's job: equal facts must produce equal strings.
 */
export function blindIndex(key: Buffer, type: string, normalizedValue: string): Buffer {
  if (key.length !== 32) throw new TypeError('blindIndex : la clé doit faire 32 octets.');
  // A NUL in the type would make `type\0value` ambiguous between two (type, value) pairs.
  if (type === '' || type.includes('\0')) throw new TypeError('blindIndex : type de fait invalide.');
  return createHmac('sha256', key).update(`${type}\0${normalizedValue}`, 'utf8').digest();
}
