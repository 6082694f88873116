import { createHmac, randomBytes } from 'node:crypto';

export interface AttemptThrottle {
  /**
   * Counts one attempt now, before any await, so that attempts sent in parallel are counted too; false
   * when the client has used up its attempts (nothing is counted then).
   */
  tryAttempt(clientAddress: string): boolean;
  /** Gives back the attempt of a client who succeeded: only failures count. */
  forgive(clientAddress: string): void;
}

/**
 * The part of an address that identifies one client: an IPv4 address (also when written IPv4-mapped,
 * ::ffff:a.b.c.d), or the /64 prefix of an IPv6 address, since one subscriber is usually given a whole
 * /64 and could otherwise take a fresh address for every attempt.
 */
export function networkOf(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Counts failed attempts per client in memory only, keyed by an HMAC of the address under a secret that
 * is replaced every window: the addresses themselves are never kept, and last window's keys can no longer
 * be linked to anyone. Counters reset with the secret (fixed windows).
 */
export function createAttemptThrottle(options: {
  maxFailures: number;
  windowMs: number;
  now?: () => number;
}): AttemptThrottle {
  const now = options.now ?? Date.now;
  let secret = randomBytes(32);
  let windowStart = now();
  let failures = new Map<string, number>();

  const keyOf = (address: string) => {
    if (now() - windowStart >= options.windowMs) {
      secret = randomBytes(32);
      windowStart = now();
      failures = new Map();
    }
    return createHmac('sha256', secret).update(networkOf(address)).digest('base64url');
  };

  return {
    tryAttempt(address) {
      const key = keyOf(address);
      const count = failures.get(key) ?? 0;
      if (count >= options.maxFailures) return false;
      failures.set(key, count + 1);
      return true;
    },
    forgive(address) {
      const key = keyOf(address);
      const count = failures.get(key) ?? 0;
      if (count <= 1) failures.delete(key);
      else failures.set(key, count - 1);
    },
  };
}
