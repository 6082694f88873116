/**
 * `npm run bench` (or `npx node bench/livechat-latency.bench.ts`): live-chat delivery latency over SSE,
 * citizen → operator and operator → citizen, with 200 live conversations held by 20 operators (10 each),
 * on one Vigie process and on two processes sharing PostgreSQL, beside a bare relay run in the same
 * command on the same database (bench/livechat-relay-server.ts: node:http, INSERT + NOTIFY, one LISTEN per
 * process, each stream reading the row by id), with the same streams and the same pacing.
 *
 * Each configuration: every conversation's two streams are opened (the citizen's GET /api/v1/conversations/
 * :id/events, the operator's GET /api/v1/chats/:id/events) at an even pace over 20 s, as conversations
 * begun at different moments; then for BENCH_LIVECHAT_SECONDS (default 25) each citizen writes once every
 * BENCH_LIVECHAT_PERIOD_MS (default 4,000) and its operator once too, half a period later: 50 messages a
 * second each way. Measured: POST sent → the message read on the other side's stream (livechat-load.ts).
 * With two processes the citizens use the first and the operators the second: every delivery crosses
 * between processes through LISTEN/NOTIFY.
 *
 * BENCH_LIVECHAT_CONVERSATIONS (default 200) and BENCH_LIVECHAT_OPERATORS (default 20) set the sizes;
 * BENCH_LIVECHAT_OPEN_SECONDS=0 opens the streams all at once (as after a restart). Diagnostics:
 * BENCH_LIVECHAT_ONLY=relay1,vigie1,relay2,vigie2 runs only those; BENCH_LIVECHAT_WAITS=1 samples
 * pg_stat_activity; BENCH_PROFILE_DIR=dir writes the servers' CPU profiles; BENCH_TRACE_GC=file their GC.
 * Exits 1 if a single message is lost, repeated, refused or delivered to the wrong conversation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { benchDatabase } from './bench-database.ts';
import { runBench, startChild, stopChild, stopChildren } from './bench-kit.ts';
import { type ChatTarget, type LoadOptions, type LoadResult, runLoad, type Side } from './livechat-load.ts';
import { createOperators, setUpVigie } from './livechat-vigie.ts';

const CONVERSATIONS = Number(process.env.BENCH_LIVECHAT_CONVERSATIONS ?? 200);
const OPERATORS = Number(process.env.BENCH_LIVECHAT_OPERATORS ?? 20);
const SECONDS = Number(process.env.BENCH_LIVECHAT_SECONDS ?? 25);
/** Over how long the streams are opened (default: one heartbeat, 20 s); 0 opens them together. */
const OPEN_SECONDS = Number(process.env.BENCH_LIVECHAT_OPEN_SECONDS ?? 20);
const PERIOD_MS = Number(process.env.BENCH_LIVECHAT_PERIOD_MS ?? 4000);
const WARMUP_MS = Math.min(5000, (SECONDS * 1000) / 4);
/** Past the streams' 20 s heartbeat (which re-reads the database): a delivery later than this is lost. */
const DELIVERY_TIMEOUT_MS = 30_000;
const GOAL_P99_MS = 50;
/** Diagnostics: BENCH_LIVECHAT_ONLY=relay1,vigie1,relay2,vigie2 runs only those configurations. */
const ONLY = process.env.BENCH_LIVECHAT_ONLY?.split(',');
const runs = (name: string) => !ONLY || ONLY.includes(name);

/** The bare relay on `processes` processes (two: citizens on the first, operators on the second). */
async function startRelay(processes: 1 | 2, databaseUrl: string) {
  const servers = [await startChild('bench/livechat-relay-server.ts', { DATABASE_URL: databaseUrl })];
  if (processes === 2) {
    servers.push(await startChild('bench/livechat-relay-server.ts', { DATABASE_URL: databaseUrl }));
  }
  const ids = Array.from({ length: CONVERSATIONS }, () => randomUUID());
  const baseOf = (side: Side) =>
    `http://127.0.0.1:${(side === 'citizen' ? servers[0] : servers.at(-1))?.port}/c`;
  const target: ChatTarget = {
    label: `baseline relay, ${processes} process${processes === 2 ? 'es' : ''}`,
    conversations: CONVERSATIONS,
    stream: (side, i) => ({ url: `${baseOf(side)}/${ids[i]}/events`, headers: {} }),
    async send(side, i, text) {
      const response = await fetch(`${baseOf(side)}/${ids[i]}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ author: side, text }),
      });
      await response.text();
      if (!response.ok) throw new Error(`relay : ${response.status}`);
    },
    pids: servers.map((s) => s.child.pid as number),
  };
  return {
    target,
    async close() {
      for (const server of servers) await stopChild(server.child);
    },
  };
}

// ---- Output ----

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');
const cpu = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : '—');

function table(results: LoadResult[]): string {
  const lines = [
    '| configuration | citizen → operator p50 / p99 (max) | operator → citizen p50 / p99 (max) | citizen POST p50 / p99 | operator POST p50 / p99 | delivered | server CPU / msg | PostgreSQL CPU / msg | PG transactions / msg | machine busy (others) |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const pair = (s: { p50: number; p99: number }) => `${ms(s.p50)} / ${ms(s.p99)}`;
    lines.push(
      `| ${r.label} | ${pair(r.citizenToOperator)} (${ms(r.citizenToOperator.max)}) | ${pair(r.operatorToCitizen)} (${ms(r.operatorToCitizen.max)}) | ${pair(r.citizenPost)} | ${pair(r.operatorPost)} | ${r.delivered} / ${r.messages} | ${cpu(r.cpuServerMs)} ms | ${cpu(r.cpuPostgresMs)} ms | ${r.transactionsPerMessage.toFixed(1)} | ${cpu(r.machineCores)} (${cpu(r.otherCores)}) cores |`,
    );
  }
  return lines.join('\n');
}

function ratios(vigie: LoadResult, baseline: LoadResult): string {
  const r = (a: number, b: number) => (a / b).toFixed(1);
  const c = [vigie.citizenToOperator, baseline.citizenToOperator];
  const o = [vigie.operatorToCitizen, baseline.operatorToCitizen];
  return (
    `${vigie.label} / ${baseline.label}: citizen → operator p50 ×${r(c[0]?.p50 ?? 0, c[1]?.p50 ?? 0)}, ` +
    `p99 ×${r(c[0]?.p99 ?? 0, c[1]?.p99 ?? 0)}; operator → citizen p50 ×${r(o[0]?.p50 ?? 0, o[1]?.p50 ?? 0)}, ` +
    `p99 ×${r(o[0]?.p99 ?? 0, o[1]?.p99 ?? 0)}`
  );
}

// ---- The run ----

const database = benchDatabase();

const loadAtStart = loadavg()[0] ?? Number.NaN;
await runBench(
  async () => {
    let failed = false;
    const { databaseUrl, dataDir, admin, databaseName } = await database.open();
    const masterKey = randomBytes(32).toString('base64');
    const password = `Bench-Salins-${randomBytes(6).toString('hex')}`;
    const operators = await createOperators(
      { databaseUrl, dataDir, masterKey },
      ['a', 'b'],
      OPERATORS,
      password,
    );
    const vigieEnv = {
      DATABASE_URL: databaseUrl,
      VIGIE_DATA_DIR: dataDir,
      VIGIE_MASTER_KEY: masterKey,
      // Every citizen of the bench comes from one address, which the flood limits would stop.
      VIGIE_CONVERSATIONS_PER_ADDRESS: '100000',
      VIGIE_STREAMS_PER_ADDRESS: '100000',
      // BENCH_PROFILE_DIR=dir writes a V8 CPU profile of each Vigie server there (open it in DevTools).
      ...(process.env.BENCH_PROFILE_DIR && {
        NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`,
      }),
    };
    const loadOptions: LoadOptions = {
      periodMs: PERIOD_MS,
      durationMs: SECONDS * 1000,
      warmupMs: WARMUP_MS,
      openSpreadMs: OPEN_SECONDS * 1000,
      deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
      admin,
      databaseName,
      ...(process.env.BENCH_LIVECHAT_WAITS && { activityOf: databaseUrl }),
    };

    const results = new Map<string, LoadResult>();
    const notes: string[] = [];
    for (const processes of [1, 2] as const) {
      if (runs(`relay${processes}`)) {
        const relay = await startRelay(processes, databaseUrl);
        try {
          results.set(`relay${processes}`, await runLoad(relay.target, loadOptions));
        } finally {
          await relay.close();
        }
      }
      if (!runs(`vigie${processes}`)) continue;
      const vigie = await setUpVigie({
        processes,
        conversations: CONVERSATIONS,
        operators: operators.get(processes === 1 ? 'a' : 'b') ?? [],
        password,
        env: vigieEnv,
        // BENCH_TRACE_GC=file: the Vigie servers run with --trace-gc, their output appended to the file.
        ...(process.env.BENCH_TRACE_GC && {
          child: { nodeFlags: ['--trace-gc'], logFile: process.env.BENCH_TRACE_GC },
        }),
      });
      notes.push(
        `${vigie.target.label}: set up in ${vigie.setupSeconds.toFixed(1)} s, chats per operator ` +
          `${Math.min(...vigie.chatsPerOperator)}–${Math.max(...vigie.chatsPerOperator)}`,
      );
      try {
        results.set(`vigie${processes}`, await runLoad(vigie.target, loadOptions));
      } finally {
        await vigie.close();
      }
    }

    console.log(
      `\nLive chat latency: ${CONVERSATIONS} conversations, ${OPERATORS} operators, one message every ` +
        `${PERIOD_MS} ms each way per conversation, ${SECONDS} s per configuration (first ${WARMUP_MS / 1000} s ` +
        'not timed, every message checked); ms, CPU per message sent',
    );
    console.log(
      `load average (1 min) at the start ${loadAtStart.toFixed(2)}, at the end ${(loadavg()[0] ?? 0).toFixed(2)}; ` +
        '"others": CPU that neither the servers, PostgreSQL nor the bench used during the load',
    );
    console.log(
      `command: ${process.env.DATABASE_URL ? 'DATABASE_URL=… ' : ''}npx node bench/livechat-latency.bench.ts\n`,
    );
    console.log(table([...results.values()]));
    console.log();
    for (const note of notes) console.log(note);
    for (const processes of [1, 2]) {
      const vigie = results.get(`vigie${processes}`);
      const relay = results.get(`relay${processes}`);
      if (vigie && relay) console.log(ratios(vigie, relay));
      if (!vigie) continue;
      const worst = Math.max(vigie.citizenToOperator.p99, vigie.operatorToCitizen.p99);
      console.log(
        `${vigie.label}: p99 ${ms(worst)} ms, goal < ${GOAL_P99_MS} ms ${worst < GOAL_P99_MS ? 'met' : 'NOT met'}`,
      );
    }
    for (const r of results.values()) {
      console.log(
        `${r.label}, slowest deliveries (sent at s → ms): ${r.slowest.map((d) => `${d.t} → ${d.ms}`).join(', ')}`,
      );
      if (r.activity)
        console.log(
          `${r.label}, pg_stat_activity (${r.activity.samples} samples):\n${r.activity.top.join('\n')}`,
        );
    }
    console.log(
      JSON.stringify({ conversations: CONVERSATIONS, operators: OPERATORS, results: [...results.values()] }),
    );
    for (const r of results.values()) {
      const lost = r.messages - r.delivered;
      if (lost > 0 || r.failures > 0 || r.duplicates > 0 || r.misrouted > 0 || r.streamsEndedEarly > 0) {
        console.error(
          `ÉCHEC (${r.label}) : ${lost} message(s) non livré(s), ${r.failures} refusé(s), ${r.duplicates} en double, ` +
            `${r.misrouted} mal aiguillé(s), ${r.streamsEndedEarly} flux fermé(s) ; ${r.firstFailures.join(' | ')}`,
        );
        failed = true;
      }
    }
    return !failed;
  },
  // Stops the children, drops the database and its role, removes the temporary directories.
  async () => {
    await stopChildren();
    await database.close();
  },
);
