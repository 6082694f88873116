import { createHmac, randomBytes } from 'node:crypto';

export interface AttemptThrottle {
  /** True when this client may try again. */
  allows(clientAddress: string): boolean;
  /** Counts one failed attempt. */
  recordFailure(clientAddress: string): void;
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
    return createHmac('sha256', secret).update(address).digest('base64url');
  };

  return {
    allows: (address) => (failures.get(keyOf(address)) ?? 0) < options.maxFailures,
    recordFailure(address) {
      const key = keyOf(address);
      failures.set(key, (failures.get(key) ?? 0) + 1);
    },
  };
}
