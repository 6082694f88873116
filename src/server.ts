import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { prepareDummyHash } from './agents/password-hash.ts';
import { buildApp } from './app.ts';
import type { AppDeps } from './app-deps.ts';
import { createDiskFileStore } from './attachments/file-store.ts';
import { sweepOrphanFiles } from './attachments/sweep-orphan-files.ts';
import type { Config } from './config.ts';
import { purgeAbandonedConversations } from './conversations/purge-abandoned-conversations.ts';
import { loadKeyRing } from './crypto/master-key.ts';
import { openDatabase } from './db/open-database.ts';
import { getCommuneIndex } from './extraction/index.ts';
import { handBackAbandonedChats } from './livechat/hand-back-abandoned.ts';
import { createLogger } from './logger.ts';
import { createProcessState } from './process-state.ts';
import { createRealtimeHub } from './realtime/realtime-hub.ts';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  /** Where the console is: the same address, unless VIGIE_CONSOLE_PORT / VIGIE_CONSOLE_HOST set its own. */
  consoleUrl: string;
  deps: AppDeps;
  close(): Promise<void>;
}

/** Opens everything the app depends on (database, keys, file store, real-time hub), once. */
export async function createDeps(
  config: Config,
  logger: Logger,
): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  await mkdir(config.dataDir, { recursive: true, mode: 0o711 });
  if (config.databaseUrl && !config.masterKey) {
    logger.warn(
      'VIGIE_MASTER_KEY absente : la clé maîtresse est lue dans le dossier de données (master.key).',
    );
  }
  const keys = await loadKeyRing(config);
  const database = await openDatabase(config, (message) => logger.debug(message), {
    appRolePassword: keys.appRolePassword,
    // Nothing else would bring the service back: restart the embedded PostgreSQL if it dies, and if it
    // cannot be, exit non-zero so that whatever supervises this process starts it again.
    embeddedSupervision: {
      restart: true,
      warn: (message) => logger.warn(message),
      onFatal: (error) => {
        logger.fatal({ err: error }, error.message);
        process.stderr.write(`${error.message}\n`);
        process.exit(1);
      },
    },
  });
  // Built now rather than on the first citizen message (or sign-in), which would otherwise wait for it.
  getCommuneIndex();
  await prepareDummyHash();
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
  // Chats of operators gone without signing out go back to the queue within a minute of their session.
  const chatSweeper = setInterval(() => {
    handBackAbandonedChats({ db: database.db, keys, now: () => new Date() }).catch((error) =>
      logger.warn({ err: error }, 'conversations abandonnées'),
    );
  }, 60_000);
  chatSweeper.unref();
  const deps: AppDeps = {
    config,
    db: database.db,
    pool: database.pool,
    keys,
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
      clearInterval(chatSweeper);
      await hub.close();
      await database.close();
    },
  };
}

/** Starts Vigie: dependencies, the app(s), then listening; `close()` drains and stops in reverse order. */
export async function startServer(
  config: Config,
  logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const { deps, close: closeDeps } = await createDeps(config, logger);
  // One port by default (a newcomer sees everything at one address); with VIGIE_CONSOLE_PORT/HOST, the
  // console and the agent API listen apart, so a deployment can keep them on the police network.
  const split = config.console !== null;
  const app = await buildApp(deps, { citizen: true, console: !split });
  const consoleApp = split ? await buildApp(deps, { citizen: false, console: true }) : null;
  try {
    await app.listen({ port: config.port, host: config.host });
    if (consoleApp && config.console) {
      await consoleApp.listen({ port: config.console.port, host: config.console.host });
    }
  } catch (error) {
    await app.close();
    await consoleApp?.close();
    await closeDeps();
    throw error;
  }
  const url = listeningUrl(app, config.host);
  return {
    app,
    deps,
    url,
    consoleUrl: consoleApp && config.console ? listeningUrl(consoleApp, config.console.host) : url,
    async close() {
      await Promise.all([app.close(), consoleApp?.close()]);
      await closeDeps();
    },
  };
}

function listeningUrl(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
}
