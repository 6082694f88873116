import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** Where encrypted attachment blobs live; local disk today, object storage later behind the same shape. */
export interface FileStore {
  put(key: string, bytes: Buffer): Promise<void>;
  get(key: string): Promise<Buffer>;
  delete(key: string): Promise<void>;
  /** Keys last written before `before`; with `interrupted`, the temporary files of unfinished writes too. */
  listOlderThan(before: Date): Promise<{ keys: string[]; interrupted: string[] }>;
  /** Removes the temporary file of an interrupted write, by the name `listOlderThan` gave. */
  deleteInterrupted(name: string): Promise<void>;
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
    async listOlderThan(before) {
      const old: string[] = [];
      for (const name of await readdir(root).catch(() => [] as string[])) {
        const modified = await stat(path.join(root, name)).then(
          (s) => s.mtime,
          () => null,
        );
        if (modified && modified < before) old.push(name);
      }
      return {
        keys: old.filter((name) => SAFE_KEY.test(name)),
        interrupted: old.filter((name) => name.startsWith('.tmp-')),
      };
    },
    deleteInterrupted: (name: string) => rm(path.join(root, name), { force: true }),
  };
}
