/**
 * `npm run bench`: the citizen message path on a realistic workload (issue 10 §2). Conversations of 10–30
 * turns whose texts vary as people's do (bench/citizen-texts.ts: an account, answers, a button now and
 * then, afterthoughts once the bot has finished), 50 at a time, in several phases one after the other
 * (the cost must not drift from one to the next), beside the bare baseline (node:http + one INSERT of the
 * same texts) in the same run. Then long conversations driven in lockstep to turn 200, with the server's
 * CPU per turn and the stored state's size (its head; its fact rows apart) at turn 5 and at turn 200.
 *
 * Env: BENCH_PHASES (3), BENCH_PHASE_SECONDS (10), BENCH_WARMUP_SECONDS (5, before the phases, shown apart),
 * BENCH_LONG_TURNS (200), BENCH_LONG_CONVERSATIONS (100),
 * DATABASE_URL (else an embedded PostgreSQL).
 */
import http from 'node:http';
import pg from 'pg';
import { benchDatabase } from './bench-database.ts';
import {
  percentile,
  round,
  runBench,
  seededRandom,
  sleep,
  startChild,
  stopChild,
  stopChildren,
} from './bench-kit.ts';
import { citizenTexts } from './citizen-texts.ts';
import { sampleCpu } from './cpu-time.ts';

const CONNECTIONS = 50;
const PHASES = Number(process.env.BENCH_PHASES ?? 3);
const PHASE_MS = Number(process.env.BENCH_PHASE_SECONDS ?? 10) * 1000;
const WARMUP_MS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5) * 1000;
/** The warm-up rows of each runPhases, shown apart from the measured phases. */
const warmups: ReturnType<PhaseStats['row']>[] = [];
const LONG_TURNS = Number(process.env.BENCH_LONG_TURNS ?? 200);
const LONG_CONVERSATIONS = Number(process.env.BENCH_LONG_CONVERSATIONS ?? 100);
// Each conversation may take 20 turns per 10 s (turn-rate-limit.ts): a citizen of the load juggles this
// many conversations in turn, as many people typing at once would, and the lockstep rounds of the long
// conversations are paced to stay under it.
const CONVERSATIONS_PER_CONNECTION = 20;
const ROUND_MS = 520;
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS + LONG_CONVERSATIONS });

interface Reply {
  status: number;
  body: string;
}

function post(port: number, url: string, body: unknown, token?: string): Promise<Reply> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        path: url,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token && { authorization: `Bearer ${token}` }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** What a phase measured: turns per second, latencies, refusals. */
class PhaseStats {
  readonly latencies: number[] = [];
  failures = 0;
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  record(startedAt: number, status: number): void {
    if (status >= 200 && status < 300) this.latencies.push(performance.now() - startedAt);
    else this.failures++;
  }
  row(ms: number, cpuMsPerRequest: number | null) {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return {
      name: this.name,
      requestsPerSecond: Math.round((sorted.length / ms) * 1000),
      p50ms: round(percentile(sorted, 0.5)),
      p99ms: round(percentile(sorted, 0.99)),
      non2xx: this.failures,
      cpuServerMsPerRequest: cpuMsPerRequest,
    };
  }
}

/**
 * Runs `phases` phases of `work` on CONNECTIONS workers without a pause between them, after a warm-up
 * under the same load whose figures are shown but count in no goal: in it, every crowd's conversation
 * starts at once (their accounts, the heaviest turns, all together) on a server whose code V8 has not
 * optimised yet, which is neither a server in service nor the steady load the phases compare.
 */
async function runPhases(
  name: string,
  serverPid: number | undefined,
  work: (worker: number, stats: () => PhaseStats) => (stop: () => boolean) => Promise<void>,
) {
  let current = new PhaseStats(`${name} échauffement`);
  const rows = [];
  const deadline = { at: performance.now() + WARMUP_MS + PHASE_MS * PHASES };
  const workers = Array.from({ length: CONNECTIONS }, (_, worker) =>
    work(worker, () => current)(() => performance.now() >= deadline.at),
  );
  if (WARMUP_MS > 0) {
    const before = sampleCpu(serverPid);
    const startedAt = performance.now();
    await sleep(WARMUP_MS);
    const after = sampleCpu(serverPid);
    const ended = current;
    current = new PhaseStats(`${name} 1`);
    const requests = ended.latencies.length + ended.failures;
    const cpu = before && after && requests > 0 ? round((after.server - before.server) / requests) : null;
    warmups.push(ended.row(performance.now() - startedAt, cpu));
  } else current = new PhaseStats(`${name} 1`);
  for (let phase = 1; phase <= PHASES; phase++) {
    const before = sampleCpu(serverPid);
    const startedAt = performance.now();
    await sleep(PHASE_MS);
    const after = sampleCpu(serverPid);
    const ended = current;
    if (phase < PHASES) current = new PhaseStats(`${name} ${phase + 1}`);
    const requests = ended.latencies.length + ended.failures;
    const cpu = before && after && requests > 0 ? round((after.server - before.server) / requests) : null;
    rows.push(ended.row(performance.now() - startedAt, cpu));
  }
  await Promise.all(workers);
  return rows;
}

/** One citizen's conversation, turn after turn: answers what is asked, as a person would. */
class Conversation {
  turns = 0;
  private lastOptions: { value: string }[] = [];
  readonly id: string;
  readonly token: string;
  readonly length: number;
  private readonly texts: ReturnType<typeof citizenTexts>;
  constructor(id: string, token: string, length: number, texts: ReturnType<typeof citizenTexts>) {
    this.id = id;
    this.token = token;
    this.length = length;
    this.texts = texts;
  }

  nextInput(): { text: string } | { option: string } {
    const t = this.texts;
    if (this.turns === 0) return { text: t.account() };
    const buttons = this.lastOptions.filter(
      (o) => !['stop', 'talk_to_officer', 'correct'].some((no) => o.value.startsWith(no)),
    );
    if (buttons.length > 0 && t.random() < 0.4) return { option: t.pick(buttons).value };
    return { text: buttons.length > 0 || t.random() < 0.5 ? t.answer() : t.afterthought() };
  }

  /** Sends the next turn; resolves with the status. */
  async send(port: number, onDone: (startedAt: number, status: number) => void): Promise<number> {
    const startedAt = performance.now();
    const reply = await post(port, `/api/v1/conversations/${this.id}/messages`, this.nextInput(), this.token);
    onDone(startedAt, reply.status);
    if (reply.status === 201 || reply.status === 200) {
      this.turns++;
      const { messages } = JSON.parse(reply.body) as { messages: { options?: { value: string }[] }[] };
      this.lastOptions = messages.at(-1)?.options ?? [];
    }
    return reply.status;
  }
}

/** Opens a conversation for a new person, whose texts follow from `seed`. */
async function openConversation(port: number, seed: number, length: number) {
  const texts = citizenTexts(seed);
  const reply = await post(port, '/api/v1/conversations', {});
  if (reply.status !== 201) throw new Error(`POST /api/v1/conversations : ${reply.status} ${reply.body}`);
  const { id, token } = JSON.parse(reply.body) as { id: string; token: string };
  return new Conversation(id, token, length, texts);
}

/**
 * The realistic load: each worker juggles conversations of 10–30 turns, opened before the clock starts
 * (a crowd already typing), and opens a new one when one ends.
 */
async function vigieWorkers(port: number) {
  const opened = await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      const random = seededRandom(1000 + worker);
      const seed = () => Math.floor(random() * 2 ** 31);
      const length = () => 10 + Math.floor(random() * 21);
      const mine: Conversation[] = [];
      for (let i = 0; i < CONVERSATIONS_PER_CONNECTION; i++) {
        mine.push(await openConversation(port, seed(), length()));
      }
      return { seed, length, mine };
    }),
  );
  return (worker: number, stats: () => PhaseStats) => async (stop: () => boolean) => {
    const { seed, length, mine } = opened[worker] as (typeof opened)[number];
    for (let i = 0; !stop(); i = (i + 1) % mine.length) {
      const conversation = mine[i] as Conversation;
      await conversation.send(port, (startedAt, status) => stats().record(startedAt, status));
      if (conversation.turns >= conversation.length && !stop()) {
        const startedAt = performance.now();
        mine[i] = await openConversation(port, seed(), length());
        stats().record(startedAt, 201);
      }
    }
  };
}

function baselineWorker(port: number) {
  return (worker: number, stats: () => PhaseStats) => async (stop: () => boolean) => {
    const texts = citizenTexts(1000 + worker);
    for (let turn = 0; !stop(); turn++) {
      const startedAt = performance.now();
      const text = turn % 20 === 0 ? texts.account() : texts.answer();
      const reply = await post(port, '/', { text });
      stats().record(startedAt, reply.status);
    }
  };
}

/** Long conversations in lockstep: CPU per turn and stored state size, round by round. */
async function measureLongConversations(port: number, serverPid: number | undefined, db: pg.Client) {
  const conversations = await Promise.all(
    Array.from({ length: LONG_CONVERSATIONS }, (_, i) => openConversation(port, 42 + i, LONG_TURNS)),
  );
  const ids = conversations.map((c) => c.id);
  const perTurn: {
    turn: number;
    cpuServerMs: number;
    cpuPostgresMs: number;
    stateBytes: number;
    factBytes: number;
  }[] = [];
  let refused = 0;
  for (let turn = 1; turn <= LONG_TURNS; turn++) {
    const roundStarted = performance.now();
    const before = sampleCpu(serverPid);
    const statuses = await Promise.all(conversations.map((c) => c.send(port, () => {})));
    const after = sampleCpu(serverPid);
    refused += statuses.filter((s) => s !== 201 && s !== 200).length;
    // The state's head (rewritten by a turn that changes it) and its facts (a row each, written once).
    const { rows } = await db.query<{ bytes: number; fact_bytes: number }>(
      `SELECT avg(octet_length(state_enc))::int AS bytes,
        avg((SELECT coalesce(sum(octet_length(f.fact_enc)), 0) FROM conversation_facts f
          WHERE f.conversation_id = c.id))::int AS fact_bytes
      FROM conversations c WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    if (before && after) {
      perTurn.push({
        turn,
        cpuServerMs: (after.server - before.server) / conversations.length,
        cpuPostgresMs: (after.postgres - before.postgres) / conversations.length,
        stateBytes: rows[0]?.bytes ?? 0,
        factBytes: rows[0]?.fact_bytes ?? 0,
      });
    }
    await sleep(Math.max(0, ROUND_MS - (performance.now() - roundStarted)));
  }
  // The kernel counts CPU time in 10 ms ticks: a window of 10 rounds (1,000 turns) keeps that under 2 %.
  const window = (from: number, to: number) => {
    const rounds = perTurn.filter((p) => p.turn >= from && p.turn <= to);
    const mean = (key: 'cpuServerMs' | 'cpuPostgresMs' | 'stateBytes' | 'factBytes') =>
      rounds.reduce((sum, p) => sum + p[key], 0) / Math.max(1, rounds.length);
    return {
      turns: `${from}–${to}`,
      cpuServerMsPerTurn: Math.round(mean('cpuServerMs') * 1000) / 1000,
      cpuPostgresMsPerTurn: Math.round(mean('cpuPostgresMs') * 1000) / 1000,
      stateBytes: Math.round(mean('stateBytes')),
      factRowBytes: Math.round(mean('factBytes')),
    };
  };
  // Around turn 5 (the account itself, turn 1, is another kind of turn) and the last ten.
  const early = window(3, 12);
  const late = window(Math.max(13, LONG_TURNS - 9), LONG_TURNS);
  return { early, late, refused, ratio: late.cpuServerMsPerTurn / early.cpuServerMsPerTurn };
}

const database = benchDatabase();

await runBench(
  async () => {
    const { databaseUrl, dataDir } = await database.open();

    const baseline = await startChild('bench/baseline-server.ts', { DATABASE_URL: databaseUrl });
    const baselineRows =
      PHASES > 0 ? await runPhases('baseline', baseline.child.pid, baselineWorker(baseline.port)) : [];
    await stopChild(baseline.child);

    const vigie = await startChild('bench/vigie-server.ts', {
      DATABASE_URL: databaseUrl,
      VIGIE_DATA_DIR: dataDir,
      VIGIE_CONVERSATIONS_PER_ADDRESS: '1000000',
      // BENCH_PROFILE_DIR=dir writes a V8 CPU profile of the server there (open it in DevTools).
      ...(PROFILE_DIR ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${PROFILE_DIR}` } : {}),
    });
    const vigieRows =
      PHASES > 0 ? await runPhases('vigie', vigie.child.pid, await vigieWorkers(vigie.port)) : [];
    const stateDb = new pg.Client({ connectionString: databaseUrl });
    await stateDb.connect();
    const long = await measureLongConversations(vigie.port, vigie.child.pid, stateDb);
    await stateDb.end();
    await stopChild(vigie.child);

    const rows = [...baselineRows, ...vigieRows];
    if (warmups.length > 0) {
      console.log('échauffement (hors objectifs) :');
      console.table(warmups);
    }
    console.table(rows);
    const total = (list: typeof rows) => list.reduce((sum, r) => sum + r.requestsPerSecond, 0) / list.length;
    const ratio = total(vigieRows) / total(baselineRows);
    const worstP99 = Math.max(...vigieRows.map((r) => r.p99ms));
    const drift = (vigieRows.at(-1)?.requestsPerSecond ?? 0) / (vigieRows[0]?.requestsPerSecond ?? 1);
    console.log(`ratio de débit vigie / baseline : ${ratio.toFixed(2)} (objectif ≥ 0.45)`);
    console.log(`p99 vigie, pire phase : ${worstP99} ms (objectif < 120 ms)`);
    console.log(`dérive du débit, dernière phase / première : ${drift.toFixed(2)}`);
    console.table([long.early, long.late]);
    console.log(
      `CPU serveur par tour, tours ${long.late.turns} / tours ${long.early.turns} : ${long.ratio.toFixed(2)} (objectif ≤ 1.2)` +
        (long.refused > 0 ? `, ${long.refused} tours refusés` : ''),
    );
    console.log(
      JSON.stringify({
        connections: CONNECTIONS,
        phaseSeconds: PHASE_MS / 1000,
        warmupSeconds: WARMUP_MS / 1000,
        warmups,
        rows,
        ratio,
        drift,
        long,
      }),
    );
    return true;
  },
  async () => {
    agent.destroy();
    await stopChildren();
    await database.close();
  },
);
