import { createHmac, randomBytes } from 'node:crypto';
import { networkOf } from '../security/attempt-throttle.ts';

/**
 * The photo bytes one client may store per window, counted in this process's memory only, keyed like
 * the attempt throttles (security/attempt-throttle.ts): an HMAC of the client's network (an IPv4 address
 * or an IPv6 /64) under a secret replaced every window, so no address is kept and last window's keys
 * link to no one. Fixed windows: the counters reset with the secret.
 */
export interface UploadBudget {
  /** Whether the client has anything left (checked before an upload is read and decoded). */
  hasRoom(clientAddress: string): boolean;
  /**
   * Charges `bytes` now, synchronously, so uploads finishing together cannot overdraw it; null when they
   * do not fit. The function returned gives them back (an upload that failed afterwards).
   */
  tryCharge(clientAddress: string, bytes: number): (() => void) | null;
}

export function createUploadBudget(options: {
  bytes: number;
  windowMs: number;
  now?: () => number;
}): UploadBudget {
  const now = options.now ?? Date.now;
  let secret = randomBytes(32);
  let windowStart = now();
  let used = new Map<string, number>();

  const keyOf = (address: string) => {
    if (now() - windowStart >= options.windowMs) {
      secret = randomBytes(32);
      windowStart = now();
      used = new Map();
    }
    return createHmac('sha256', secret).update(networkOf(address)).digest('base64url');
  };

  return {
    hasRoom: (address) => (used.get(keyOf(address)) ?? 0) < options.bytes,
    tryCharge(address, bytes) {
      const key = keyOf(address);
      const counters = used;
      const before = counters.get(key) ?? 0;
      if (before + bytes > options.bytes) return null;
      counters.set(key, before + bytes);
      let refunded = false;
      return () => {
        if (refunded) return;
        refunded = true;
        // A refund after the window turned goes to the old counters, which are gone with their secret.
        const left = (counters.get(key) ?? 0) - bytes;
        if (left > 0) counters.set(key, left);
        else counters.delete(key);
      };
    },
  };
}
