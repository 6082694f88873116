/**
 * `npm run bench`: throughput and latency of the citizen message path (POST …/messages with a realistic
 * free-text drug report, spread over many conversations), beside a bare baseline (node:http + one INSERT
 * per request) on the same database, in the same run. Both servers run in child processes; autocannon
 * drives them from this process with 50 connections. Results go to stdout; docs/performance.md keeps them.
 */
import type { ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { benchDatabase } from './bench-database.ts';
import { runBench, startChild, stopChild, stopChildren } from './bench-kit.ts';
import { cpuPerRequest, sampleCpu } from './cpu-time.ts';
import { REPORTS } from './reports.ts';

const CONNECTIONS = 50;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 15);
// Each conversation may take 20 turns per 10 s (turn-rate-limit.ts): enough conversations that the load
// stays under it, and fewer than the turn cache's 2,000 entries, as a real crowd of citizens would be.
const CONVERSATIONS = 1500;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

async function run(options: autocannon.Options) {
  return new Promise<autocannon.Result>((resolve, reject) =>
    autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    ),
  );
}

/** Runs a load phase against a child server, measuring the CPU each side spent per request. */
async function measure(child: ChildProcess, options: autocannon.Options) {
  const before = sampleCpu(child.pid);
  const result = await run(options);
  return { result, cpu: cpuPerRequest(before, sampleCpu(child.pid), result.requests.total) };
}

const summary = (name: string, { result: r, cpu }: Awaited<ReturnType<typeof measure>>) => ({
  name,
  requestsPerSecond: Math.round(r.requests.average),
  p50ms: r.latency.p50,
  p99ms: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors,
  // CPU ms per request: the server process, all PostgreSQL processes, autocannon (this process).
  cpuServerMs: cpu?.serverMs,
  cpuPostgresMs: cpu?.postgresMs,
  cpuBenchMs: cpu?.benchMs,
});

const database = benchDatabase();

await runBench(
  async () => {
    const { databaseUrl, dataDir } = await database.open();
    const baseline = await startChild('bench/baseline-server.ts', { DATABASE_URL: databaseUrl });
    const baselineResult = await measure(baseline.child, {
      url: `http://127.0.0.1:${baseline.port}/`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: REPORTS[0] }),
    });
    await stopChild(baseline.child);

    const vigie = await startChild('bench/vigie-server.ts', {
      DATABASE_URL: databaseUrl,
      VIGIE_DATA_DIR: dataDir,
      // The bench opens all its conversations from one address, which the flood limit would stop.
      VIGIE_CONVERSATIONS_PER_ADDRESS: String(CONVERSATIONS),
      // BENCH_PROFILE_DIR=dir writes a V8 CPU profile of the server under load there (open it in DevTools).
      ...(PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {}),
    });
    const base = `http://127.0.0.1:${vigie.port}`;
    const conversations: { id: string; token: string }[] = [];
    for (let i = 0; i < CONVERSATIONS; i++) {
      const response = await fetch(`${base}/api/v1/conversations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ category: 'stupefiants' }),
      });
      conversations.push((await response.json()) as { id: string; token: string });
    }
    let next = 0;
    const vigieResult = await measure(vigie.child, {
      url: base,
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            const n = next++;
            const conversation = conversations[n % conversations.length] as { id: string; token: string };
            return {
              ...request,
              path: `/api/v1/conversations/${conversation.id}/messages`,
              headers: { 'content-type': 'application/json', authorization: `Bearer ${conversation.token}` },
              body: JSON.stringify({ text: REPORTS[n % REPORTS.length] }),
            };
          },
        },
      ],
    });
    await stopChild(vigie.child);

    const rows = [
      summary('baseline (node:http + 1 INSERT)', baselineResult),
      summary('vigie POST …/messages', vigieResult),
    ];
    console.table(rows);
    const ratio = vigieResult.result.requests.average / baselineResult.result.requests.average;
    console.log(`ratio de débit vigie / baseline : ${ratio.toFixed(2)} (objectif ≥ 0.5)`);
    console.log(`p99 vigie : ${vigieResult.result.latency.p99} ms (objectif < 100 ms)`);
    console.log(
      JSON.stringify({ connections: CONNECTIONS, durationSeconds: DURATION_S, rows, ratio }, null, 2),
    );
    return true;
  },
  async () => {
    await stopChildren();
    await database.close();
  },
);
