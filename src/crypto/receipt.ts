import { createHmac, randomBytes } from 'node:crypto';
import { secretKeyOf } from './secret-key-cache.ts';

// Crockford base32: no I, L, O, U, so what is read aloud or copied by hand stays unambiguous.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECEIPT_SYMBOLS = 16;
const RECEIPT_BYTES = 10; // 80 bits = 16 symbols × 5 bits, no padding
const TOKEN_BYTES = 32;

// Separators people type or that typography inserts: spaces (incl. no-break), hyphens, dashes, dots.
const SEPARATORS = /[\s\-.\u2010-\u2015\u2212_]/gu;
const SUBSTITUTIONS: Record<string, string> = { O: '0', I: '1', L: '1' };

/**
 * A report's receipt, derived from the token of the device that transmitted it (HMAC with a server key):
 * as unguessable as a random one, never stored, and that device alone can be shown it again (a reload of
 * the receipt page), always the same one.
 */
export function deriveReceipt(derivationKey: Buffer, reportId: string, token: string): string {
  checkKey(derivationKey);
  const mac = createHmac('sha256', secretKeyOf(derivationKey, checkKey))
    .update(`receipt:${reportId}:${token}`, 'utf8')
    .digest();
  return formatSymbols(encodeBase32(mac.subarray(0, RECEIPT_BYTES)));
}

/**
 * Canonicalises a receipt as typed or dictated: case, separators anywhere and O/I/L look-alikes are
 * forgiven. Returns `XXXX-XXXX-XXXX-XXXX`, or null when it is not exactly 16 Crockford symbols.
 */
export function normalizeReceipt(input: string): string | null {
  const compact = input.normalize('NFKC').toUpperCase().replace(SEPARATORS, '');
  let symbols = '';
  for (const char of compact) {
    const symbol = SUBSTITUTIONS[char] ?? char;
    if (!ALPHABET.includes(symbol)) return null;
    symbols += symbol;
  }
  return symbols.length === RECEIPT_SYMBOLS ? formatSymbols(symbols) : null;
}

/**
 * Keyed hash (HMAC-SHA256) of the canonical receipt: the only form stored. Accepts any spelling
 * `normalizeReceipt` accepts; throws if the receipt is invalid (normalise first to answer the user).
 */
export function hashReceipt(receiptKey: Buffer, receipt: string): Buffer {
  checkKey(receiptKey);
  const canonical = normalizeReceipt(receipt);
  if (canonical === null) throw new TypeError('hashReceipt : récépissé invalide.');
  return createHmac('sha256', secretKeyOf(receiptKey, checkKey)).update(canonical, 'utf8').digest();
}

/** A new opaque token (256 bits, base64url) for conversation access or session cookies. */
export function generateToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Keyed hash (HMAC-SHA256) of a token: the only form stored. */
export function hashToken(tokenKey: Buffer, token: string): Buffer {
  checkKey(tokenKey);
  return createHmac('sha256', secretKeyOf(tokenKey, checkKey)).update(token, 'utf8').digest();
}

function encodeBase32(bytes: Buffer): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

function formatSymbols(symbols: string): string {
  return symbols.match(/.{4}/g)?.join('-') ?? symbols;
}

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new TypeError('La clé de hachage doit faire 32 octets.');
}
