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

/** Runs `task(i)` for i in [0, count) on `concurrency` workers, each one task at a time. */
export async function pool(count: number, concurrency: number, task: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
