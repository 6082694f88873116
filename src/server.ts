import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.ts';
import type { AppDeps } from './app-deps.ts';
import { createDiskFileStore } from './attachments/file-store.ts';
import { sweepOrphanFiles } from './attachments/sweep-orphan-files.ts';
import type { Config } from './config.ts';
import { purgeAbandonedConversations } from './conversations/purge-abandoned-conversations.ts';
import { createKeyRing, loadMasterKey } from './crypto/master-key.ts';
import { openDatabase } from './db/open-database.ts';
import { getCommuneIndex } from './extraction/index.ts';
import { createLogger } from './logger.ts';
import { createProcessState } from './process-state.ts';
import { createRealtimeHub } from './realtime/realtime-hub.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  deps: AppDeps;
  close(): Promise<void>;
}

/** Opens everything the app depends on (database, keys, file store, real-time hub), once. */
export async function createDeps(
  config: Config,
  logger: Logger,
): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o711 });
  const database = await openDatabase(config, (message) => logger.debug(message));
  if (config.databaseUrl && !config.masterKey) {
    logger.warn(
      'VIGIE_MASTER_KEY absente : la clé maîtresse est lue dans le dossier de données (master.key).',
    );
  }
  const master = await loadMasterKey({
    envValue: config.masterKey,
    keyFile: path.join(config.dataDir, 'master.key'),
    createIfMissing: true,
  });
  // Built now rather than on the first citizen message, which would otherwise wait for it.
  getCommuneIndex();
  const hub = await createRealtimeHub(database.url, database.pool, (error) =>
    logger.warn({ err: error }, 'écoute temps réel'),
  );
  const files = createDiskFileStore(path.join(config.dataDir, 'attachments'));
  const sweep = async () => {
    const swept = await sweepOrphanFiles(database.db, files);
    if (swept > 0) logger.info(`${swept} fichier(s) laissé(s) par un envoi interrompu supprimé(s)`);
    const purged = await purgeAbandonedConversations({ db: database.db, files, now: () => new Date() });
    if (purged > 0) logger.info(`${purged} conversation(s) jamais transmise(s) effacée(s)`);
  };
  await sweep();
  // Again every hour: a process that crashed mid-upload may not be the one that restarts, and unsent
  // conversations age.
  const sweeper = setInterval(
    () => sweep().catch((error) => logger.warn({ err: error }, 'nettoyage')),
    3_600_000,
  );
  sweeper.unref();
  const processState = createProcessState(config, database.db);
  // Data keys and decrypted states of idle conversations leave memory within a minute of going idle.
  const turnCacheSweeper = setInterval(() => processState.turnCache.sweep(new Date()), 60_000);
  turnCacheSweeper.unref();
  const deps: AppDeps = {
    config,
    db: database.db,
    pool: database.pool,
    keys: createKeyRing(master),
    files,
    hub,
    logger,
    ...processState,
    now: () => new Date(),
  };
  return {
    deps,
    async close() {
      clearInterval(sweeper);
      clearInterval(turnCacheSweeper);
      await hub.close();
      await database.close();
    },
  };
}

/** Starts Vigie: dependencies, the app, then listening; `close()` drains and stops in reverse order. */
export async function startServer(
  config: Config,
  logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const { deps, close: closeDeps } = await createDeps(config, logger);
  const app = await buildApp(deps);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close();
    await closeDeps();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  return {
    app,
    deps,
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    async close() {
      await app.close();
      await closeDeps();
    },
  };
}
