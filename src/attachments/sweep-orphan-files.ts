import type { Db } from '../db/database.ts';
import { findKnownStorageKeys } from './attachment.repo.ts';
import type { FileStore } from './file-store.ts';

/** Older than any upload still in flight in another process (an upload's transaction takes seconds). */
export const ORPHAN_AGE_MS = 15 * 60 * 1000;

/**
 * Deletes what a crash can leave in the file store: half-written temporary files, and blobs written just
 * before a transaction that never committed (an upload is stored first, then recorded). Only files older
 * than ORPHAN_AGE_MS are considered, so another process's upload in flight is never taken for an orphan.
 */
export async function sweepOrphanFiles(db: Db, files: FileStore, now = new Date()): Promise<number> {
  const { keys, interrupted } = await files.listOlderThan(new Date(now.getTime() - ORPHAN_AGE_MS));
  for (const name of interrupted) await files.deleteInterrupted(name);
  if (keys.length === 0) return interrupted.length;
  const known = await findKnownStorageKeys(db, keys);
  const orphans = keys.filter((key) => !known.has(key));
  for (const key of orphans) await files.delete(key);
  return orphans.length + interrupted.length;
}
