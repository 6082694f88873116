import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { AppDeps } from '../../src/app-deps.ts';
import { createDiskFileStore } from '../../src/attachments/file-store.ts';
import { loadConfig } from '../../src/config.ts';
import { createKeyRing } from '../../src/crypto/master-key.ts';
import { createLogger } from '../../src/logger.ts';
import { createProcessState } from '../../src/process-state.ts';
import { createRealtimeHub } from '../../src/realtime/realtime-hub.ts';
import { createTestDatabase } from './test-database.ts';

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  dataDir: string;
  /** Moves the app's clock (receipt expiry, relative dates). */
  setNow(date: Date | null): void;
  close(): Promise<void>;
}

/** A real app over its own fresh database, file store and keys; nothing is shared between test files. */
export async function createTestApp(
  options: { env?: NodeJS.ProcessEnv; logStream?: NodeJS.WritableStream; logLevel?: string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'vigie-test-'));
  const config = loadConfig({
    VIGIE_DATA_DIR: dataDir,
    DATABASE_URL: database.ownerUrl,
    VIGIE_APP_DATABASE_URL: database.url,
    ...options.env,
  });
  let fixedNow: Date | null = null;
  const hub = await createRealtimeHub(database.url, database.pool, () => {});
  const deps: AppDeps = {
    config,
    db: database.db,
    pool: database.pool,
    keys: createKeyRing(randomBytes(32)),
    files: createDiskFileStore(path.join(dataDir, 'attachments')),
    hub,
    logger: createLogger(options.logStream ? (options.logLevel ?? 'info') : 'silent', options.logStream),
    ...createProcessState(config, database.db),
    now: () => fixedNow ?? new Date(),
  };
  const app = await buildApp(deps);
  return {
    app,
    deps,
    dataDir,
    setNow(date) {
      fixedNow = date;
    },
    async close() {
      await app.close();
      await hub.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Skip reason for tests that need a database when a file runs alone, outside `npm test`. */
export const needsDatabase = process.env.DATABASE_URL ? false : 'nécessite DATABASE_URL : lancez `npm test`';

/**
 * Gives a test file its own app over a fresh database, opened before its tests and closed after them
 * (nothing is opened when the database is missing: the tests are skipped with `needsDatabase`).
 */
export function useTestApp(options?: Parameters<typeof createTestApp>[0]): () => TestApp {
  let testApp: TestApp | undefined;
  before(async () => {
    if (!needsDatabase) testApp = await createTestApp(options);
  });
  after(async () => {
    await testApp?.close();
  });
  return () => {
    if (!testApp) throw new Error('application de test non démarrée');
    return testApp;
  };
}
