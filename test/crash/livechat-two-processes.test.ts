import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { createKeyRing } from '../../src/crypto/master-key.ts';
import {
  type ChatMessage,
  citizenChat,
  operatorConsole,
  resumableFeed,
  signInOperator,
  startConversation,
} from '../support/livechat-client.ts';
import { childEnv, type ServerProcess, spawnServer } from '../support/server-process.ts';
import { needsDatabase } from '../support/test-app.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-database.ts';

const FIRST_WORDS =
  'Tous les soirs vers 21h deux jeunes vendent de la résine devant le hall du 12 rue Pasteur à Besançon.';
/** Messages each side writes to the other, besides the operator's internal notes. */
const EACH = 30;

let dir: string | undefined;
let database: TestDatabase | undefined;
const servers: ServerProcess[] = [];

/** SIGTERM, then SIGKILL if the process is still there after 10 s: cleaning up must never hang. */
async function stopOrKill(server: ServerProcess): Promise<void> {
  const killer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.stop();
  clearTimeout(killer);
}

after(async () => {
  await Promise.all(servers.map(stopOrKill));
  await database?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const ids = (messages: ChatMessage[]) => messages.map((m) => m.id);

function assertIncreasing(seqs: number[], what: string): void {
  for (let i = 1; i < seqs.length; i++) {
    assert.ok((seqs[i] as number) > (seqs[i - 1] as number), `${what} : ${seqs.join(',')}`);
  }
}

/** Each acknowledged message is on the stream exactly once, with the seq and text it was acknowledged with. */
function assertEachOnce(received: ChatMessage[], sent: ChatMessage[], side: string): void {
  for (const message of sent) {
    const copies = received.filter((m) => m.id === message.id);
    assert.equal(copies.length, 1, `${side} : « ${message.text} » reçu ${copies.length} fois`);
    assert.equal(copies[0]?.seq, message.seq, `${side} : seq de « ${message.text} »`);
    assert.equal(copies[0]?.text, message.text);
  }
}

test('two server processes on one PostgreSQL, the citizen on one and the operator on the other: every message once, in the same order on both sides, across a reconnection of both', {
  skip: needsDatabase,
  timeout: 180_000,
}, async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vigie-two-processes-'));
  database = await createTestDatabase();
  const masterKey = randomBytes(32).toString('hex');
  // One database and one master key, as behind a load balancer: a citizen's token or an operator's
  // session made by one process is valid on the other.
  const env = childEnv({
    DATABASE_URL: database.ownerUrl,
    VIGIE_APP_DATABASE_URL: database.url,
    VIGIE_DATA_DIR: path.join(dir, 'data'),
    VIGIE_MASTER_KEY: masterKey,
  });
  for (const name of ['a', 'b']) servers.push(await spawnServer(env, path.join(dir, `${name}.log`)));
  const [a, b] = servers as [ServerProcess, ServerProcess];

  const conversation = await startConversation(a.url);
  const citizen = citizenChat(a.url, conversation);
  const first = await citizen.say(FIRST_WORDS);
  await citizen.send({ option: 'talk_to_officer' });
  assert.equal((await citizen.view()).status, 'waiting_agent');

  const keys = createKeyRing(Buffer.from(masterKey, 'hex'));
  const operator = operatorConsole(b.url, await signInOperator(b.url, { db: database.db, keys }));
  // Coming online runs the automatic assignment: the one conversation waiting becomes this operator's.
  await operator.setPresence('online');
  assert.deepEqual(await operator.myChats(), [conversation.id]);
  const transcript = await operator.transcript(conversation.id);
  assert.equal(transcript.status, 'with_agent');
  assert.ok(
    transcript.messages.some((m) => m.id === first.id && m.text === FIRST_WORDS),
    'le premier message du citoyen, écrit sur A, dans la transcription lue sur B',
  );

  const citizenStart = (await citizen.view()).messages.at(-1)?.seq ?? 0;
  const operatorStart = transcript.messages.at(-1)?.seq ?? 0;
  const citizenFeed = resumableFeed((afterSeq) => citizen.follow(afterSeq), citizenStart);
  const operatorFeed = resumableFeed((afterSeq) => operator.follow(conversation.id, afterSeq), operatorStart);
  await Promise.all([citizenFeed.connect(), operatorFeed.connect()]);

  const fromCitizen: ChatMessage[] = [];
  const fromOperator: ChatMessage[] = [];
  const notes: ChatMessage[] = [];
  const citizenSays = async (n: number) => {
    const message = await citizen.say(`Citoyen ${n} : le scooter blanc est repassé devant le hall.`);
    fromCitizen.push(message);
    return message;
  };
  const operatorWrites = async (n: number) => {
    const message = await operator.write(conversation.id, `Opérateur ${n} : bien noté, continuez.`);
    fromOperator.push(message);
    return message;
  };
  const operatorNotes = async (n: number) => {
    const note = await operator.write(conversation.id, `Note interne ${n} : témoin précis.`, true);
    notes.push(note);
    return note;
  };

  try {
    // Turn by turn: each message acknowledged before the next is sent, so seqs follow the sending order.
    const turnByTurn: ChatMessage[] = [];
    for (const n of range(0, 10)) {
      turnByTurn.push(await citizenSays(n), await operatorWrites(n));
      if (n === 4) turnByTurn.push(await operatorNotes(1));
    }
    assertIncreasing(
      turnByTurn.map((m) => m.seq),
      'seq dans l’ordre des envois tour à tour',
    );
    await citizenFeed.expectAll(
      turnByTurn.filter((m) => !m.internal),
      'citoyen, en direct',
    );
    await operatorFeed.expectAll(turnByTurn, 'opérateur, en direct');

    // Both at once, in bursts; both streams drop while the bursts are still on their way.
    const citizenHad = citizenFeed.received().length;
    const operatorHad = operatorFeed.received().length;
    const bursts = Promise.all([...range(10, 15).map(citizenSays), ...range(10, 15).map(operatorWrites)]);
    await Promise.all([
      citizenFeed.waitUntil((received) => received.length > citizenHad, 5000),
      operatorFeed.waitUntil((received) => received.length > operatorHad, 5000),
    ]);
    citizenFeed.disconnect();
    operatorFeed.disconnect();
    await bursts;

    // While both are away, each side goes on writing.
    for (const n of range(15, 20)) await Promise.all([citizenSays(n), operatorWrites(n)]);
    await operatorNotes(2);

    await Promise.all([citizenFeed.connect(), operatorFeed.connect()]);
    await Promise.all([
      ...range(20, EACH).map(citizenSays),
      ...range(20, EACH).map(operatorWrites),
      operatorNotes(3),
    ]);
    assert.equal(fromCitizen.length, EACH);
    assert.equal(fromOperator.length, EACH);

    const toCitizen = [...fromCitizen, ...fromOperator];
    const seenByCitizen = await citizenFeed.expectAll(toCitizen, 'citoyen');
    const seenByOperator = await operatorFeed.expectAll([...toCitizen, ...notes], 'opérateur');

    // No loss, no duplicate, in seq order: each side received exactly what its own GET holds.
    const citizenView = await citizen.view();
    const operatorView = await operator.transcript(conversation.id);
    assertIncreasing(
      seenByCitizen.map((m) => m.seq),
      'citoyen : seq strictement croissants',
    );
    assertIncreasing(
      seenByOperator.map((m) => m.seq),
      'opérateur : seq strictement croissants',
    );
    assert.deepEqual(ids(seenByCitizen), ids(citizenView.messages.filter((m) => m.seq > citizenStart)));
    assert.deepEqual(ids(seenByOperator), ids(operatorView.messages.filter((m) => m.seq > operatorStart)));
    assertEachOnce(seenByCitizen, toCitizen, 'citoyen');
    assertEachOnce(seenByOperator, [...toCitizen, ...notes], 'opérateur');

    // The same conversation on both sides, in the same order; the operator's notes only on theirs.
    const shownToCitizen = seenByOperator.filter((m) => !m.internal && m.seq > citizenStart);
    assert.deepEqual(ids(seenByCitizen), ids(shownToCitizen));
    assert.ok(seenByOperator.filter((m) => notes.some((note) => note.id === m.id)).every((m) => m.internal));
    for (const note of notes) {
      for (const [where, messages] of [
        ['flux du citoyen', seenByCitizen],
        ['GET /api/v1/conversations/:id', citizenView.messages],
      ] as const) {
        assert.ok(
          !messages.some((m) => m.id === note.id || m.text === note.text),
          `note interne dans ${where}`,
        );
      }
    }
  } finally {
    citizenFeed.disconnect();
    operatorFeed.disconnect();
  }
});
