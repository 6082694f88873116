/**
 * CPU time (user + system, in ms) of processes, read from /proc: where each request's time went, beside
 * the throughput. Linux only; elsewhere it reports nothing rather than a wrong figure.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

function cpuOf(pid: number): number {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0; // the process ended meanwhile
  }
}

function postgresPids(): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'postgres']).toString().trim().split('\n').map(Number);
  } catch {
    return [];
  }
}

export interface CpuSample {
  server: number;
  postgres: number;
  bench: number;
}

/** CPU used so far by the server process, every PostgreSQL process, and this process. */
export function sampleCpu(serverPid: number | undefined): CpuSample | null {
  if (!existsSync('/proc/self/stat') || serverPid === undefined) return null;
  return {
    server: cpuOf(serverPid),
    postgres: postgresPids().reduce((sum, pid) => sum + cpuOf(pid), 0),
    bench: cpuOf(process.pid),
  };
}

/** CPU ms per request between two samples, rounded to the µs. */
export function cpuPerRequest(before: CpuSample | null, after: CpuSample | null, requests: number) {
  if (!before || !after || requests === 0) return null;
  const per = (key: keyof CpuSample) => Math.round(((after[key] - before[key]) / requests) * 1000) / 1000;
  return { serverMs: per('server'), postgresMs: per('postgres'), benchMs: per('bench') };
}
