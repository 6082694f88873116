import { sql } from 'kysely';
import type { Executor } from '../db/database.ts';

/**
 * Counts one attempt for `key` and returns the attempts of the open window, this one included: in the
 * window that is still open at `now`, or in a new one when the last has passed. Counted before the
 * password is checked, so attempts sent in parallel all count; a success clears the count.
 */
export async function countAttempt(db: Executor, key: Buffer, now: Date, windowStart: Date): Promise<number> {
  const result = await sql<{ failures: number }>`
    INSERT INTO login_throttle (key, window_start, failures) VALUES (${key}, ${now}, 1)
    ON CONFLICT (key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_start > ${windowStart} THEN login_throttle.failures + 1 ELSE 1 END,
      window_start = CASE WHEN login_throttle.window_start > ${windowStart} THEN login_throttle.window_start ELSE ${now} END
    RETURNING failures`.execute(db);
  return result.rows[0]?.failures ?? 1;
}

export async function clearFailures(db: Executor, key: Buffer): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
