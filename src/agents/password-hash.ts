import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane); @node-rs/argon2 hashes with argon2id by default.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The PHC string of an argon2id hash of the password (salt included). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummyHash: Promise<string> | null = null;

/** Computes the stand-in hash now, so that the first unknown user's sign-in takes no longer than others. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}

/**
 * Checks a password against a stored hash; without one (unknown user), against a hash of nothing
 * anybody knows, with the same parameters: the answer and its timing do not say whether the user exists.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  const against = stored ?? (await prepareDummyHash());
  try {
    const ok = await verify(against, password);
    return ok && stored !== null;
  } catch {
    return false;
  }
}
