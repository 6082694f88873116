import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createAgent } from '../src/agents/create-agent.ts';
import { currentTotp } from '../src/agents/totp.ts';
import { loadConfig } from '../src/config.ts';
import { loadKeyRing } from '../src/crypto/master-key.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { benchDatabase } from './bench-database.ts';
import {
  percentile,
  pool,
  requestJson,
  round,
  runBench,
  seededRandom,
  startChild,
  stopChild,
  stopChildren,
} from './bench-kit.ts';
import { REPORTS } from './reports.ts';

const CITIZENS = Number(process.env.BENCH_INBOX_CITIZENS ?? 200);
const CONCURRENCY = 4;
/** Agents signed in on each side (operators of PNAV, analysts of CROS25), one stream each. */
const OPERATEURS = Number(process.env.BENCH_INBOX_AGENTS ?? 20);
const ANALYSTES = OPERATEURS;
/** Past the streams' 20 s heartbeat (which re-reads the database): a delivery later than this is lost. */
const DELIVERY_TIMEOUT_MS = 30_000;
const BASELINE_NOTIFICATIONS = CITIZENS;
const BASELINE_REQUESTS = 1000;

// ---- Figures ----

function stats(name: string, samples: number[], expected = samples.length) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    n: sorted.length,
    received: expected === 0 ? '—' : `${((sorted.length / expected) * 100).toFixed(1)} %`,
    p50ms: round(percentile(sorted, 0.5)),
    p99ms: round(percentile(sorted, 0.99)),
    maxms: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

// ---- Varied reports (deterministic) ----

const random = seededRandom(2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTVWXYZ';
const letters = (n: number) => Array.from({ length: n }, () => pick([...PLATE_LETTERS])).join('');

const PLACES = [
  'devant le hall du 12 rue de Dole à Besançon',
  'au pied de la tour du 5 rue de Cologne, quartier Planoise à Besançon',
  'sur le parking du centre commercial de Châteaufarine à Besançon',
  'près de la gare Viotte à Besançon, côté parking',
  'dans le square derrière la médiathèque de Planoise à Besançon',
  'rue Battant à Besançon, devant le kebab',
  'à la sortie du collège des Clairs-Soleils à Besançon',
  'dans les caves du 8 avenue de Montrapon à Besançon',
  'au city stade de la Grette à Besançon',
  'devant la supérette de la rue de Vesoul à Besançon',
];
const WHEN = [
  'Tous les soirs vers 21h',
  'Depuis lundi dernier vers 18h30',
  'Le week-end vers minuit',
  'Tous les jours à partir de 16h',
  'Hier soir vers 22h15',
  'Chaque samedi après-midi',
  'Depuis deux semaines, de 17h à 23h',
];
const WHO = [
  'trois jeunes vendent du shit',
  'deux hommes vendent de la coke',
  'un groupe de 4 ou 5 personnes revend de la beuh',
  'un dealeur seul vend des barrettes',
  'des jeunes d’environ 16 ans font le guet et vendent du cannabis',
  'un homme d’une trentaine d’années livre de la cocaïne',
];
const DETAILS = [
  () =>
    `Une ${pick(['Clio grise', 'Golf noire', '308 blanche', 'Polo rouge'])} immatriculée ${letters(2)}-${digits(3)}-${letters(2)} passe les réapprovisionner.`,
  () => `Les commandes se font au 06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}.`,
  () =>
    `Ils ont un compte Snap @${pick(['plug', 'weed', 'coffee', 'bsk'])}_${pick(['besak', 'doubs', '25', 'planoise'])}${digits(2)}.`,
  () => `Le guetteur porte un survêtement ${pick(['noir', 'gris', 'rouge'])} et une sacoche.`,
  () => `Le gramme est à ${pick(['50', '60', '70'])} euros et la barrette à 10.`,
  () => `Un scooter ${pick(['T-Max blanc', 'Booster noir', 'MT-07 bleu'])} fait des allers-retours.`,
];

/** A free-text report naming Besançon: one of bench/reports.ts's texts or a composed one, varied. */
function reportText(i: number): string {
  const details = [pick(DETAILS)(), pick(DETAILS)()].join(' ');
  if (i % 3 === 0) return `${REPORTS[0]} ${details}`;
  return `${pick(WHEN)}, ${pick(WHO)} ${pick(PLACES)}. ${details}`;
}

const TEXT_ANSWERS = [
  'Je ne sais pas trop.',
  'Des jeunes de 18-20 ans, en capuche.',
  'Vers 21h en général.',
  'Près de l’entrée, à côté des boîtes aux lettres.',
  'Le plus grand a une cicatrice sur la joue, on l’appelle Momo.',
];
const SKIPPED_OPTIONS = /^(?:skip|stop|talk_to_officer|add|correct:.*)$/;

// ---- HTTP and SSE clients ----

interface InboxStream {
  name: string;
  /** report id → ms (performance.now) of the first `report.arrived` read for it. */
  arrivals: Map<string, number>;
  waiters: Set<() => void>;
  abort: AbortController;
  done: Promise<void>;
}

/** Opens GET /api/v1/reports/events with the agent's cookie and records every report.arrived. */
async function openInboxStream(base: string, name: string, cookie: string): Promise<InboxStream> {
  const abort = new AbortController();
  const response = await fetch(`${base}/api/v1/reports/events`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  if (!response.ok || !response.body) throw new Error(`flux de ${name} : ${response.status}`);
  const stream: InboxStream = {
    name,
    arrivals: new Map(),
    waiters: new Set(),
    abort,
    done: Promise.resolve(),
  };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  stream.done = (async () => {
    try {
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        const at = performance.now();
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          let event = 'message';
          let data = '';
          for (const line of frame.split('\n')) {
            if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data += line.slice(5).trimStart();
          }
          if (event === 'end') throw new Error(`flux de ${name} fermé par le serveur : ${data}`);
          if (event !== 'inbox' || !data) continue;
          const payload = JSON.parse(data) as { kind?: string; reportId?: string };
          if (
            payload.kind === 'report.arrived' &&
            payload.reportId &&
            !stream.arrivals.has(payload.reportId)
          ) {
            stream.arrivals.set(payload.reportId, at);
            for (const wake of stream.waiters) wake();
          }
        }
      }
    } catch (error) {
      if (!abort.signal.aborted) console.error(`flux de ${name} interrompu :`, error);
    }
  })();
  return stream;
}

/** Resolves once every stream has seen each of `reportIds`, or after the timeout. */
async function awaitArrivals(streams: InboxStream[], reportIds: string[], timeoutMs: number) {
  const complete = () => streams.every((s) => reportIds.every((id) => s.arrivals.has(id)));
  if (complete()) return;
  await new Promise<void>((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      for (const s of streams) s.waiters.delete(check);
      resolve();
    };
    const check = () => {
      if (complete()) finish();
    };
    const timer = setTimeout(finish, timeoutMs);
    for (const s of streams) s.waiters.add(check);
  });
}

/** Delays from `sentAt` (report id → ms) to each stream's arrival; missing ones are counted apart. */
function deliveries(streams: InboxStream[], sentAt: Map<string, number>) {
  const delays: number[] = [];
  for (const stream of streams) {
    for (const [reportId, t0] of sentAt) {
      const at = stream.arrivals.get(reportId);
      if (at !== undefined) delays.push(at - t0);
    }
  }
  return { delays, expected: streams.length * sentAt.size };
}

/** A pg client or pool, closed by cleanup(). */
type Closable = { end(): Promise<void> };

// ---- Baselines ----

/** The bare HTTP message path: node:http + one INSERT per request, 4 at a time (round trip, ms). */
async function baselineHttp(databaseUrl: string): Promise<number[]> {
  const baseline = await startChild('bench/baseline-server.ts', { DATABASE_URL: databaseUrl });
  const latencies: number[] = [];
  try {
    await pool(BASELINE_REQUESTS, CONCURRENCY, async (i) => {
      const t0 = performance.now();
      await requestJson(`http://127.0.0.1:${baseline.port}`, 'POST', '/', { body: { text: reportText(i) } });
      latencies.push(performance.now() - t0);
    });
  } finally {
    await stopChild(baseline.child);
  }
  return latencies;
}

/**
 * The floor of the design: one INSERT + NOTIFY (one statement, autocommit) on a plain connection, 4 at a
 * time, → its arrival on as many plain LISTEN connections of this process as there are agents.
 */
async function baselineNotify(databaseUrl: string, pgClients: Closable[]) {
  const own: pg.Client[] = [];
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    pgClients.push(client);
    own.push(client);
    await client.connect();
    return client;
  };
  const owner = await connect();
  await owner.query(
    'CREATE TABLE bench_inbox (id bigserial PRIMARY KEY, unit text NOT NULL, report uuid NOT NULL, at timestamptz NOT NULL DEFAULT now())',
  );
  const listeners: Map<string, number>[] = [];
  const waiters = new Set<() => void>();
  for (let i = 0; i < OPERATEURS + ANALYSTES; i++) {
    const client = await connect();
    const arrivals = new Map<string, number>();
    listeners.push(arrivals);
    client.on('notification', (message) => {
      if (message.payload) arrivals.set(message.payload, performance.now());
      for (const wake of waiters) wake();
    });
    await client.query('LISTEN bench_inbox');
  }
  const notifiers = await Promise.all(Array.from({ length: CONCURRENCY }, connect));
  const sent = new Map<string, number>();
  // As the citizens' workers below, each waits for its own statement only, not for the deliveries.
  await pool(BASELINE_NOTIFICATIONS, CONCURRENCY, async (_, worker) => {
    const report = randomUUID();
    sent.set(report, performance.now());
    await (notifiers[worker] as pg.Client).query(
      `WITH event AS (INSERT INTO bench_inbox (unit, report) VALUES ('PNAV', $1) RETURNING report)
       SELECT pg_notify('bench_inbox', report::text) FROM event`,
      [report],
    );
  });
  await new Promise<void>((resolve) => {
    const check = () => {
      if (listeners.every((arrivals) => arrivals.size >= sent.size)) finish();
    };
    const finish = () => {
      clearTimeout(timer);
      waiters.delete(check);
      resolve();
    };
    const timer = setTimeout(finish, DELIVERY_TIMEOUT_MS);
    waiters.add(check);
    check();
  });
  for (const client of own) pgClients.splice(pgClients.indexOf(client), 1);
  await Promise.all(own.map((c) => c.end()));
  const delays: number[] = [];
  for (const arrivals of listeners) {
    for (const [report, t0] of sent) {
      const at = arrivals.get(report);
      if (at !== undefined) delays.push(at - t0);
    }
  }
  return { delays, expected: listeners.length * sent.size };
}

// ---- Vigie ----

interface Agent {
  username: string;
  role: 'operateur' | 'analyste';
  secret: string;
}

/** The operators (no unit: the reception platform PNAV) and analysts of CROS25, in the database. */
async function createAgents(databaseUrl: string, dataDir: string, masterKey: string, password: string) {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    VIGIE_DATA_DIR: dataDir,
    VIGIE_MASTER_KEY: masterKey,
  });
  const keys = await loadKeyRing(config);
  // Opening it migrates the database and creates the server's role, as the server will find them.
  const database = await openDatabase(config, () => {}, {
    appRolePassword: keys.appRolePassword,
    poolSize: 2,
  });
  const agents: Agent[] = [];
  try {
    for (let i = 0; i < OPERATEURS + ANALYSTES; i++) {
      const role = i < OPERATEURS ? 'operateur' : 'analyste';
      const username = `bench-${role}-${i}`;
      const unitCodes = role === 'operateur' ? [] : ['CROS25'];
      const created = await createAgent({ db: database.db, keys }, { username, role, unitCodes, password });
      agents.push({ username, role, secret: created.totpSecret });
    }
  } finally {
    await database.close();
  }
  return agents;
}

/** Signs the agent in (password + the TOTP code of the moment) and returns its console cookie. */
async function signIn(base: string, agent: Agent, password: string): Promise<string> {
  const { response } = await requestJson(base, 'POST', '/api/v1/auth/login', {
    body: { username: agent.username, password, totp: currentTotp(agent.secret, new Date()) },
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .find((c) => c.startsWith('vigie_console='));
  if (!cookie) throw new Error(`pas de cookie de console pour ${agent.username}`);
  return cookie;
}

interface Submitted {
  reportId: string;
  sentAt: number;
  answeredAt: number;
  routed: string | null;
  transcript: string[];
}

/** One citizen: opens a drug-report conversation, tells, answers 1 to 3 questions, submits. */
async function citizen(
  base: string,
  owner: pg.Pool,
  i: number,
  messageLatencies: number[],
): Promise<Submitted> {
  const { json: started } = await requestJson(base, 'POST', '/api/v1/conversations', {
    body: { category: 'stupefiants' },
  });
  const id = started.id as string;
  const token = started.token as string;
  const transcript: string[] = [];
  const say = async (body: { text: string } | { option: string }) => {
    const t0 = performance.now();
    const { json } = await requestJson(base, 'POST', `/api/v1/conversations/${id}/messages`, { token, body });
    messageLatencies.push(performance.now() - t0);
    const messages = json.messages as { author: string; text: string; options?: { value: string }[] }[];
    for (const m of messages) {
      transcript.push(`${m.author}: ${m.text}${m.options ? ` [${m.options.map((o) => o.value)}]` : ''}`);
    }
    return messages;
  };
  let replies = await say({ text: reportText(i) });
  // A real choice when options are offered (never skip, stop or a correction), else a short text; a
  // summary is confirmed.
  for (let answer = 0; answer < 1 + (i % 3); answer++) {
    const asked = replies.filter((m) => m.author === 'bot').at(-1);
    const options = (asked?.options ?? []).filter((o) => !SKIPPED_OPTIONS.test(o.value));
    const chosen = options.length > 0 ? pick(options).value : null;
    replies = await say(chosen ? { option: chosen } : { text: pick(TEXT_ANSWERS) });
    if (chosen === 'confirm') break;
  }
  const { json: view } = await requestJson(base, 'GET', `/api/v1/conversations/${id}`, { token });
  if (view.canSubmit !== true) throw new Error(`conversation ${i} : canSubmit est faux`);
  const sentAt = performance.now();
  await requestJson(base, 'POST', `/api/v1/conversations/${id}/submit`, { token });
  const answeredAt = performance.now();
  // The citizen is never told the report's id: the bench reads it from the database.
  const { rows } = await owner.query<{ id: string; routed: string | null }>(
    `SELECT r.id, u.code AS routed FROM reports r LEFT JOIN units u ON u.id = r.suggested_unit_id
     WHERE r.conversation_id = $1`,
    [id],
  );
  const report = rows[0];
  if (!report) throw new Error(`conversation ${i} : aucun signalement en base`);
  return { reportId: report.id, sentAt, answeredAt, routed: report.routed, transcript };
}

async function measureVigie(
  databaseUrl: string,
  dataDir: string,
  masterKey: string,
  pgClients: Closable[],
  streams: InboxStream[],
) {
  const password = `Bench-Salins-${randomBytes(6).toString('hex')}`;
  const agents = await createAgents(databaseUrl, dataDir, masterKey, password);
  // The bench's own reads (a report's id), as the owner; one connection per citizen worker.
  const owner = new pg.Pool({ connectionString: databaseUrl, max: CONCURRENCY });
  // pool.end() resolves before its sockets close; the DROP DATABASE … FORCE that follows may still
  // end one of them, which must not crash the bench.
  owner.on('error', () => {});
  pgClients.push(owner);
  const vigie = await startChild('bench/vigie-server.ts', {
    DATABASE_URL: databaseUrl,
    VIGIE_DATA_DIR: dataDir,
    VIGIE_MASTER_KEY: masterKey,
    // Every citizen of the bench comes from one address, which the flood limit would stop.
    VIGIE_CONVERSATIONS_PER_ADDRESS: String(CITIZENS + 10),
  });
  const base = `http://127.0.0.1:${vigie.port}`;
  try {
    // One sign-in per account (a TOTP step is accepted once), one inbox stream each.
    const operatorCookies: string[] = [];
    const operatorStreams: InboxStream[] = [];
    const analystStreams: InboxStream[] = [];
    for (const agent of agents) {
      const cookie = await signIn(base, agent, password);
      const stream = await openInboxStream(base, agent.username, cookie);
      streams.push(stream);
      if (agent.role === 'operateur') {
        operatorCookies.push(cookie);
        operatorStreams.push(stream);
      } else {
        analystStreams.push(stream);
      }
    }

    // Phase 1: citizens, 4 at a time; every submitted report reaches the platform's inbox.
    const messageLatencies: number[] = [];
    const submitted: Submitted[] = [];
    const phase1Start = performance.now();
    await pool(CITIZENS, CONCURRENCY, async (i) => {
      submitted.push(await citizen(base, owner, i, messageLatencies));
    });
    const phase1Seconds = (performance.now() - phase1Start) / 1000;
    const reportIds = submitted.map((s) => s.reportId);
    await awaitArrivals(operatorStreams, reportIds, DELIVERY_TIMEOUT_MS);

    // Phase 2: operators transmit each report routed to CROS25, 4 at a time.
    const routed = submitted.filter((s) => s.routed === 'CROS25');
    const transmissions: { reportId: string; sentAt: number; answeredAt: number }[] = [];
    await pool(routed.length, CONCURRENCY, async (i) => {
      const { reportId } = routed[i] as Submitted;
      const sentAt = performance.now();
      await requestJson(base, 'POST', `/api/v1/reports/${reportId}/transitions`, {
        cookie: operatorCookies[i % operatorCookies.length],
        body: { to: 'transmitted' },
      });
      transmissions.push({ reportId, sentAt, answeredAt: performance.now() });
    });
    await awaitArrivals(
      analystStreams,
      transmissions.map((t) => t.reportId),
      DELIVERY_TIMEOUT_MS,
    );
    type Timed = { reportId: string; sentAt: number; answeredAt: number };
    const at = (list: Timed[], key: 'sentAt' | 'answeredAt') =>
      new Map(list.map((item) => [item.reportId, item[key]]));
    return {
      messageLatencies,
      submitLatencies: submitted.map((s) => s.answeredAt - s.sentAt),
      transitionLatencies: transmissions.map((t) => t.answeredAt - t.sentAt),
      submitToInbox: deliveries(operatorStreams, at(submitted, 'sentAt')),
      submitResponseToInbox: deliveries(operatorStreams, at(submitted, 'answeredAt')),
      transmitToInbox: deliveries(analystStreams, at(transmissions, 'sentAt')),
      transmitResponseToInbox: deliveries(analystStreams, at(transmissions, 'answeredAt')),
      unrouted: submitted.filter((s) => s.routed !== 'CROS25'),
      reports: submitted.length,
      turns: messageLatencies.length,
      phase1Seconds,
    };
  } finally {
    for (const stream of streams) stream.abort.abort();
    await Promise.all(streams.map((s) => s.done));
    await stopChild(vigie.child);
  }
}

// ---- The run ----

const pgClients: Closable[] = [];
const streams: InboxStream[] = [];
const database = benchDatabase();

await runBench(
  async () => {
    let failed = false;
    const { databaseUrl, dataDir } = await database.open();
    // One master key for this process (which creates the agents) and the server: the TOTP secrets'
    // encryption and the database role's password are derived from it.
    const masterKey = randomBytes(32).toString('base64');

    const http = await baselineHttp(databaseUrl);
    const notify = await baselineNotify(databaseUrl, pgClients);
    const vigie = await measureVigie(databaseUrl, dataDir, masterKey, pgClients, streams);

    const rows = [
      stats('baseline HTTP: node:http + 1 INSERT', http),
      stats('vigie POST …/messages', vigie.messageLatencies),
      stats('vigie POST …/submit (response)', vigie.submitLatencies),
      stats(`baseline INSERT+NOTIFY → ${OPERATEURS + ANALYSTES} LISTEN`, notify.delays, notify.expected),
      stats(
        `vigie submit sent → ${OPERATEURS} operator streams`,
        vigie.submitToInbox.delays,
        vigie.submitToInbox.expected,
      ),
      stats(
        '  same, from the submit response',
        vigie.submitResponseToInbox.delays,
        vigie.submitToInbox.expected,
      ),
      stats('vigie POST …/transitions (response)', vigie.transitionLatencies),
      stats(
        `vigie transmit sent → ${ANALYSTES} analyst streams`,
        vigie.transmitToInbox.delays,
        vigie.transmitToInbox.expected,
      ),
      stats(
        '  same, from the transition response',
        vigie.transmitResponseToInbox.delays,
        vigie.transmitToInbox.expected,
      ),
    ];
    console.table(rows);
    const [httpBase, messages, , notifyBase, submitToInbox, , , transmitToInbox] = rows;
    const ratio = (a?: { p50ms: number; p99ms: number }, b?: { p50ms: number; p99ms: number }) =>
      a && b ? `p50 ${(a.p50ms / b.p50ms).toFixed(1)}, p99 ${(a.p99ms / b.p99ms).toFixed(1)}` : '?';
    console.log(
      `${vigie.reports} reports (${vigie.turns} citizen turns in ${vigie.phase1Seconds.toFixed(1)} s, ` +
        `${CONCURRENCY} citizens at a time), ${vigie.transmitToInbox.expected / ANALYSTES} transmitted to CROS25`,
    );
    console.log(`ratio vigie / baseline, messages: ${ratio(messages, httpBase)}`);
    console.log(`ratio vigie / baseline, submission → inbox: ${ratio(submitToInbox, notifyBase)}`);
    console.log(`ratio vigie / baseline, transmission → inbox: ${ratio(transmitToInbox, notifyBase)}`);
    console.log(
      JSON.stringify({ citizens: CITIZENS, concurrency: CONCURRENCY, streams: streams.length, rows }),
    );
    const missing = [vigie.submitToInbox, vigie.transmitToInbox, notify].reduce(
      (sum, d) => sum + d.expected - d.delays.length,
      0,
    );
    if (missing > 0 || vigie.unrouted.length > 0) {
      console.error(
        `ÉCHEC : ${missing} livraison(s) manquante(s), ${vigie.unrouted.length} signalement(s) non orienté(s) vers CROS25`,
      );
      for (const report of vigie.unrouted.slice(0, 3)) console.error(report.transcript.join('\n'));
      failed = true;
    }
    return !failed;
  },
  // Stops the children, closes the connections, drops the database and its role, removes temp dirs.
  async () => {
    for (const stream of streams) stream.abort.abort();
    await stopChildren();
    await Promise.all(pgClients.map((c) => c.end().catch(() => {})));
    await database.close();
  },
);
