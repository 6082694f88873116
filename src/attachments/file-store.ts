import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Where encrypted attachment blobs live; local disk today, object storage later behind the same shape. */
export interface FileStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
}

const SAFE_KEY = /^[a-z0-9-]{8,64}$/;

function assertSafeKey(key: string): void {
  if (!SAFE_KEY.test(key)) throw new Error('clé de fichier invalide');
}

/**
 * Stores blobs as files under `root`. A write goes to a temporary file, is flushed, then renamed, so a
 * crash leaves either the whole file or nothing under its final name.
 */
export function createDiskFileStore(root: string): FileStore {
  const pathOf = (key: string) => {
    assertSafeKey(key);
    return path.join(root, key);
  };
  return {
    async put(key, bytes) {
      const target = pathOf(key);
      await mkdir(root, { recursive: true, mode: 0o700 });
      const temporary = path.join(root, `.tmp-${randomUUID()}`);
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } catch (error) {
        await handle.close();
        await rm(temporary, { force: true });
        throw error;
      }
      await handle.close();
      await rename(temporary, target);
    },
    get: (key) => readFile(pathOf(key)),
    delete: (key) => rm(pathOf(key), { force: true }),
  };
}
