import { Secret, TOTP } from 'otpauth';

export const TOTP_PERIOD_S = 30;
const ISSUER = 'Vigie';

function totpOf(secretBase32: string, username = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_S,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new TOTP secret (160 bits, as RFC 4226 recommends), in base32 as authenticator apps take it. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URL an authenticator app scans (as a QR code) to add the account. */
export function totpUrl(username: string, secretBase32: string): string {
  return totpOf(secretBase32, username).toString();
}

/** The code of the moment (tests and the CLI's demo only). */
export function currentTotp(secretBase32: string, now: Date): string {
  return totpOf(secretBase32).generate({ timestamp: now.getTime() });
}

/**
 * The RFC 6238 time step that `code` belongs to, within one step either side of `now`, or null. The caller
 * accepts a step once per account (and never an older one), which is what refuses a replayed code.
 */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  const token = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpOf(secretBase32).validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}
