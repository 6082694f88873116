/**
 * The paced load of the live-chat bench, the same for Vigie and for the bare relay: every conversation
 * has its citizen's stream and its operator's stream open; each conversation's citizen writes once per
 * period and its operator once per period, half a period later, the conversations spread evenly over
 * the period. Every message carries a reference ("[réf. c12]", "[réf. o12]") by which its arrival on the
 * other side's stream is matched; the delay is from the moment its POST is sent to the moment the chunk
 * holding it is read on that stream (both clocks are this process's performance.now()).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { pool, round, sleep, summarize } from './bench-kit.ts';
import { type CpuSample, sampleCpu } from './cpu-time.ts';
import { sampleActivity } from './pg-activity.ts';
import { openSse, type SseStream } from './sse-client.ts';

export type Side = 'citizen' | 'operator';

export interface ChatTarget {
  label: string;
  conversations: number;
  /** The stream of conversation `i` as `side` reads it. */
  stream(side: Side, i: number): { url: string; headers: Record<string, string> };
  /** Sends one message as `side` in conversation `i`; rejects unless the server answered 2xx. */
  send(side: Side, i: number, text: string): Promise<void>;
  /** The server processes, for their CPU time. */
  pids: number[];
}

export interface LoadOptions {
  periodMs: number;
  durationMs: number;
  /**
   * Streams are opened at an even pace over this time (0: all at once). Vigie's streams re-read the
   * database on a 20 s heartbeat counted from their opening: streams opened together (after a restart)
   * keep re-reading together, streams of conversations begun at different moments spread their reads.
   */
  openSpreadMs: number;
  /** Messages sent before this (from the start of the load) are checked for delivery, not timed. */
  warmupMs: number;
  /** How long to wait for the last deliveries (past the streams' 20 s heartbeat re-read). */
  deliveryTimeoutMs: number;
  /** Where to read the database's transaction counter (pg_stat_database). */
  admin: pg.Client;
  databaseName: string;
  /** A database URL: pg_stat_activity is sampled through it during the load (a diagnostic with a cost). */
  activityOf?: string;
}

interface Sent {
  conversation: number;
  from: Side;
  sentAt: number;
  answeredAt?: number;
  deliveredAt?: number;
  failed?: string;
  timed: boolean;
}

const CITIZEN_LINES = [
  'Ils sont encore là ce soir, devant le hall du 12 rue de Dole.',
  'Je vois deux jeunes en survêtement noir, un sur un scooter.',
  'Une Clio grise vient de se garer, le conducteur parle avec eux.',
  'Je ne sais pas, je préfère ne pas descendre.',
  'Vers 21h en général, tous les soirs sauf le dimanche.',
  'Oui, je suis chez moi, au troisième étage, je vois tout depuis la fenêtre.',
];
const OPERATOR_LINES = [
  'Merci. Pouvez-vous me dire combien de personnes vous voyez ?',
  'Êtes-vous en sécurité là où vous êtes ?',
  'Avez-vous remarqué un véhicule qui revient souvent ?',
  'Ne prenez aucun risque. À quelle heure cela commence-t-il en général ?',
  'Pouvez-vous décrire leurs vêtements ?',
];
const REFERENCE = /\[réf\. ([co]\d+)\]/;

async function transactions(options: LoadOptions): Promise<number> {
  await options.admin.query('SELECT pg_stat_clear_snapshot()');
  const { rows } = await options.admin.query<{ n: string }>(
    'SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = $1',
    [options.databaseName],
  );
  return Number(rows[0]?.n ?? Number.NaN);
}

/** Busy CPU time of the whole machine (ms, every core) and the wall clock, from /proc/stat. */
function machineCpu(): { busy: number; at: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0);
    return { busy: (total - idle) * 10, at: performance.now() };
  } catch {
    return null;
  }
}

function cpuOf(pids: number[]): CpuSample | null {
  const samples = pids.map((pid) => sampleCpu(pid));
  if (samples.some((s) => s === null)) return null;
  const all = samples as CpuSample[];
  return {
    server: all.reduce((sum, s) => sum + s.server, 0),
    postgres: all[0]?.postgres ?? 0,
    bench: all[0]?.bench ?? 0,
  };
}

/** Opens every stream, runs the paced load, waits for the deliveries; closes the streams. */
export async function runLoad(target: ChatTarget, options: LoadOptions) {
  const sent = new Map<string, Sent>();
  let duplicates = 0;
  let misrouted = 0;
  const deliver = (side: Side, conversation: number, text: string, at: number) => {
    const reference = REFERENCE.exec(text)?.[1];
    // Each side's own messages come back on its stream too: only the other side's are counted.
    if (!reference || reference.startsWith(side === 'citizen' ? 'c' : 'o')) return;
    const message = sent.get(reference);
    if (!message || message.conversation !== conversation) misrouted++;
    else if (message.deliveredAt !== undefined) duplicates++;
    else message.deliveredAt = at;
  };

  const streams: SseStream[] = [];
  try {
    const opening = performance.now();
    const count = target.conversations * 2;
    await pool(count, 8, async (k) => {
      const wait = opening + (k * options.openSpreadMs) / count - performance.now();
      if (wait > 1) await sleep(wait);
      const side: Side = k % 2 === 0 ? 'citizen' : 'operator';
      const conversation = Math.floor(k / 2);
      const { url, headers } = target.stream(side, conversation);
      streams.push(
        await openSse(url, headers, (event) => {
          if (event.event !== 'message') return;
          deliver(side, conversation, (JSON.parse(event.data) as { text?: string }).text ?? '', event.at);
        }),
      );
    });
    // Let the setup's reads settle and their statistics reach pg_stat_database (flushed every second).
    await sleep(1500);

    const schedule: { at: number; conversation: number; side: Side }[] = [];
    // The last operator message goes half a period after its round's citizen message.
    const rounds = Math.max(1, Math.floor((options.durationMs - options.periodMs / 2) / options.periodMs));
    for (let round = 0; round < rounds; round++) {
      for (let conversation = 0; conversation < target.conversations; conversation++) {
        const at = round * options.periodMs + (conversation * options.periodMs) / target.conversations;
        schedule.push({ at, conversation, side: 'citizen' });
        schedule.push({ at: at + options.periodMs / 2, conversation, side: 'operator' });
      }
    }
    schedule.sort((a, b) => a.at - b.at);

    const cpuBefore = cpuOf(target.pids);
    const machineBefore = machineCpu();
    const xactBefore = await transactions(options);
    const sampler = options.activityOf
      ? await sampleActivity(options.activityOf, options.databaseName)
      : null;
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    let counter = 0;
    for (const item of schedule) {
      const wait = started + item.at - performance.now();
      if (wait > 1) await sleep(wait);
      const reference = `${item.side === 'citizen' ? 'c' : 'o'}${counter++}`;
      const lines = item.side === 'citizen' ? CITIZEN_LINES : OPERATOR_LINES;
      const text = `${lines[counter % lines.length]} [réf. ${reference}]`;
      const message: Sent = {
        conversation: item.conversation,
        from: item.side,
        sentAt: performance.now(),
        timed: item.at >= options.warmupMs,
      };
      sent.set(reference, message);
      inFlight.push(
        target.send(item.side, item.conversation, text).then(
          () => {
            message.answeredAt = performance.now();
          },
          (error: Error) => {
            message.failed = error.message;
          },
        ),
      );
    }
    const sendSeconds = (performance.now() - started) / 1000;
    await Promise.all(inFlight);
    const deadline = performance.now() + options.deliveryTimeoutMs;
    const pending = () => [...sent.values()].some((m) => !m.failed && m.deliveredAt === undefined);
    while (pending() && performance.now() < deadline) await sleep(50);
    const cpuAfter = cpuOf(target.pids);
    const machineAfter = machineCpu();
    const activity = await sampler?.stop();
    await sleep(1500);
    const xactAfter = await transactions(options);

    const all = [...sent.values()];
    const delays = (from: Side) =>
      all
        .filter((m) => m.from === from && m.timed && m.deliveredAt !== undefined)
        .map((m) => (m.deliveredAt as number) - m.sentAt);
    const answers = (from: Side) =>
      all
        .filter((m) => m.from === from && m.timed && m.answeredAt !== undefined)
        .map((m) => (m.answeredAt as number) - m.sentAt);
    const failures = all.filter((m) => m.failed);
    // When the slowest deliveries were sent (s from the start): bunched or spread.
    const slowest = all
      .filter((m) => m.deliveredAt !== undefined)
      .map((m) => ({
        t: round((m.sentAt - started) / 1000),
        ms: round((m.deliveredAt as number) - m.sentAt),
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 8);
    const perMessage = (key: 'server' | 'postgres' | 'bench') =>
      cpuBefore && cpuAfter ? (cpuAfter[key] - cpuBefore[key]) / all.length : Number.NaN;
    // What the machine did meanwhile, in cores: all of it, and what neither the servers, PostgreSQL nor
    // this process did (another program running at the same time makes the figures noise).
    let machineCores = Number.NaN;
    let otherCores = Number.NaN;
    if (machineBefore && machineAfter && cpuBefore && cpuAfter) {
      const wall = machineAfter.at - machineBefore.at;
      const ours = (['server', 'postgres', 'bench'] as const).reduce(
        (sum, key) => sum + cpuAfter[key] - cpuBefore[key],
        0,
      );
      machineCores = (machineAfter.busy - machineBefore.busy) / wall;
      otherCores = Math.max(0, machineAfter.busy - machineBefore.busy - ours) / wall;
    }
    return {
      label: target.label,
      /** When the load began (wall clock), to match the slowest deliveries with a server's log. */
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      machineCores,
      otherCores,
      messages: all.length,
      sendSeconds,
      citizenToOperator: summarize(delays('citizen')),
      operatorToCitizen: summarize(delays('operator')),
      citizenPost: summarize(answers('citizen')),
      operatorPost: summarize(answers('operator')),
      delivered: all.filter((m) => m.deliveredAt !== undefined).length,
      failures: failures.length,
      firstFailures: failures.slice(0, 3).map((m) => m.failed),
      duplicates,
      misrouted,
      streamsEndedEarly: streams.filter((s) => s.endedEarly).length,
      cpuServerMs: perMessage('server'),
      cpuPostgresMs: perMessage('postgres'),
      cpuBenchMs: perMessage('bench'),
      transactionsPerMessage: (xactAfter - xactBefore) / all.length,
      slowest,
      ...(activity && { activity }),
    };
  } finally {
    for (const stream of streams) stream.close();
    await Promise.all(streams.map((s) => s.ended));
  }
}

export type LoadResult = Awaited<ReturnType<typeof runLoad>>;
