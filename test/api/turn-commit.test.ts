import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { commitTurns } from '../../src/conversations/conversation.repo.ts';
import { FOLLOWUP_ACK, postCitizenMessage } from '../../src/conversations/post-citizen-message.ts';
import { createTurnCache } from '../../src/conversations/turn-cache.ts';
import { createTurnCommitter } from '../../src/conversations/turn-committer.ts';
import { hashToken } from '../../src/crypto/receipt.ts';
import { submitReport } from '../../src/reports/submit-report.ts';
import { citizenClient } from '../support/citizen-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

const REPORT =
  'Tous les soirs vers 21h trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon, ' +
  'un guetteur en survêtement noir, commandes au 06 55 44 33 22.';

describe('citizen turns: group commit and turn cache', { skip: needsDatabase }, () => {
  const t = useTestApp();

  const { start, say } = citizenClient(() => t().app);
  const transcript = async (c: { id: string; token: string }) =>
    (
      await t().app.inject({
        method: 'GET',
        url: `/api/v1/conversations/${c.id}`,
        headers: { authorization: `Bearer ${c.token}` },
      })
    ).json().messages as Array<{ seq: number; author: string; text: string }>;
  // Another Vigie process on the same database: its own cache and committer.
  const otherProcess = () => ({
    ...t().deps,
    turnCache: createTurnCache(),
    turnCommitter: createTurnCommitter(t().deps.db),
  });

  test('turns of many conversations sent together each commit with their own messages', async () => {
    const conversations = await Promise.all(Array.from({ length: 24 }, () => start()));
    const responses = await Promise.all(conversations.map((c, i) => say(c, `Fait numéro ${i} à Dole`)));
    for (const response of responses) assert.equal(response.statusCode, 201, response.body);
    for (const [i, c] of conversations.entries()) {
      const messages = await transcript(c);
      assert.deepEqual(
        messages.map((m) => m.seq),
        messages.map((_, index) => index + 1),
      );
      assert.deepEqual(
        messages.filter((m) => m.author === 'citizen').map((m) => m.text),
        [`Fait numéro ${i} à Dole`],
      );
    }
  });

  /** Raw turns on fresh conversations, each with its own message and its own time. */
  async function rawTurns(count: number) {
    const deps = t().deps;
    const conversations = await Promise.all(Array.from({ length: count }, () => start()));
    const rows = await deps.db
      .selectFrom('conversations')
      .select(['id', 'last_seq'])
      .where(
        'id',
        'in',
        conversations.map((c) => c.id),
      )
      .execute();
    const lastSeq = new Map(rows.map((row) => [row.id, row.last_seq]));
    return conversations.map((c, i) => ({
      conversationId: c.id,
      tokenHash: hashToken(deps.keys.tokenKey, c.token),
      expectedSeq: lastSeq.get(c.id) ?? 0,
      expectedStatus: 'open',
      stateEnc: Buffer.from(`état ${i}`),
      addedFacts: [],
      droppedFactNos: [],
      category: 'stupefiants',
      messages: [{ id: randomUUID(), author: 'citizen' as const, body_enc: Buffer.of(i) }],
      createdAt: new Date(Date.UTC(2026, 0, i + 1)),
    }));
  }
  /** Messages of the conversation in the database, whatever the API says. */
  const storedMessageCount = async (conversationId: string) =>
    Number(
      (
        await t()
          .deps.db.selectFrom('messages')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('conversation_id', '=', conversationId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const writtenMessage = (conversationId: string) =>
    t()
      .deps.db.selectFrom('messages')
      .select(['id', 'seq', 'body_enc', 'created_at'])
      .where('conversation_id', '=', conversationId)
      .where('author', '=', 'citizen')
      .executeTakeFirst();

  /** A committer over the real statement that records the size of each group it sends. */
  function watchedCommitter() {
    const batches: number[] = [];
    const committer = createTurnCommitter(t().deps.db, {
      commit: (db, turns) => {
        batches.push(turns.length);
        return commitTurns(db, turns);
      },
    });
    return { committer, batches };
  }

  test('turns that wait together go in one statement, each with its own seq, body, state and time', async () => {
    const { committer, batches } = watchedCommitter();
    const turns = await rawTurns(5);
    const results = await Promise.all(turns.map((turn) => committer.commit(turn)));
    assert.deepEqual(results, [true, true, true, true, true]);
    assert.deepEqual(batches, [1, 4], 'the first goes alone, the four others together');
    for (const turn of turns) {
      const message = await writtenMessage(turn.conversationId);
      assert.equal(message?.id, turn.messages[0]?.id);
      assert.equal(message?.seq, turn.expectedSeq + 1);
      assert.deepEqual(message?.body_enc, turn.messages[0]?.body_enc);
      assert.equal(message?.created_at.getTime(), turn.createdAt.getTime());
      const row = await t()
        .deps.db.selectFrom('conversations')
        .select(['state_enc', 'last_seq'])
        .where('id', '=', turn.conversationId)
        .executeTakeFirstOrThrow();
      assert.deepEqual(row.state_enc, turn.stateEnc);
      assert.equal(row.last_seq, turn.expectedSeq + 1);
    }
  });

  test('one bad turn in a group fails alone; the others of its group commit', async () => {
    const { committer, batches } = watchedCommitter();
    const turns = await rawTurns(4);
    // The last two turns carry the same message id: whichever goes second breaks a primary key.
    const shared = turns[2]?.messages[0]?.id ?? randomUUID();
    (turns[3] as (typeof turns)[number]).messages = [
      { id: shared, author: 'citizen' as const, body_enc: Buffer.of(3) },
    ];
    const outcome = (attempt: Promise<boolean>) =>
      attempt.then(
        (committed) => (committed ? 'committed' : 'retry'),
        () => 'rejected',
      );
    const outcomes = await Promise.all(turns.map((turn) => outcome(committer.commit(turn))));
    assert.deepEqual(batches, [1, 3, 1, 1, 1], 'the refused group of three goes again turn by turn');
    // PostgreSQL reports the error before the refused statement's transaction has released its row
    // locks, so a turn sent again at once may find its row still locked and be skipped ('retry'). Its
    // caller then writes it under the row lock, waiting for it: done here the same way.
    for (const [index, turn] of turns.entries()) {
      if (outcomes[index] !== 'retry') continue;
      outcomes[index] = await outcome(
        t()
          .deps.db.transaction()
          .execute(async (tx) => {
            await tx
              .selectFrom('conversations')
              .select('id')
              .where('id', '=', turn.conversationId)
              .forUpdate()
              .execute();
            return (await commitTurns(tx, [turn])).has(turn.conversationId);
          }),
      );
    }
    assert.deepEqual(outcomes.slice(0, 2), ['committed', 'committed']);
    // Which of the last two goes second depends on that skip: exactly one of them commits.
    assert.deepEqual(outcomes.slice(2).sort(), ['committed', 'rejected']);
    for (const [index, turn] of turns.entries()) {
      const written = await writtenMessage(turn.conversationId);
      if (outcomes[index] === 'committed') {
        assert.equal(written?.id, turn.messages[0]?.id);
        assert.equal(await storedMessageCount(turn.conversationId), turn.expectedSeq + 1, 'written once');
      } else {
        assert.equal(written, undefined, 'nothing of the refused turn');
      }
    }
  });

  test('a group whose outcome is unknown (connection lost) is never sent again', async () => {
    let calls = 0;
    const committer = createTurnCommitter(t().deps.db, {
      commit: async (db, turns) => {
        calls++;
        await commitTurns(db, turns);
        throw new Error('Connection terminated unexpectedly');
      },
    });
    const turns = await rawTurns(3);
    const results = await Promise.allSettled(turns.map((turn) => committer.commit(turn)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'rejected', 'rejected'],
    );
    assert.equal(calls, 2, 'one statement per group, no turn resent on its own');
    for (const turn of turns) {
      const count = await t()
        .deps.db.selectFrom('messages')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('id', '=', turn.messages[0]?.id as string)
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1, 'written once');
    }
  });

  test('a conversation locked elsewhere holds up neither the group nor other citizens', {
    timeout: 20_000,
  }, async () => {
    const [busy, other] = [await start(), await start()];
    const lock = await t().deps.pool.connect();
    try {
      await lock.query('BEGIN');
      await lock.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [busy.id]);
      let busyDone = false;
      const busyTurn = say(busy, REPORT).then((response) => {
        busyDone = true;
        return response;
      });
      // Had the group waited for the lock, this would hang until the lock is released.
      assert.equal((await say(other, REPORT)).statusCode, 201);
      assert.equal(busyDone, false, 'the locked conversation waits, alone');
      await lock.query('COMMIT');
      assert.equal((await busyTurn).statusCode, 201);
    } finally {
      lock.release();
    }
  });

  test('a conversation closed elsewhere while cached gets no bot turn and nothing written', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    const before = (await transcript(c)).length;
    await t().deps.db.updateTable('conversations').set({ status: 'closed' }).where('id', '=', c.id).execute();
    const response = await say(c, 'Encore un message.');
    assert.notEqual(response.statusCode, 201, response.body);
    assert.equal(await storedMessageCount(c.id), before);
  });

  test('a token expired in the database while cached is refused and nothing is written', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    const before = (await transcript(c)).length;
    await t()
      .deps.db.updateTable('conversation_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('conversation_id', '=', c.id)
      .execute();
    assert.equal((await say(c, 'Encore un message.')).statusCode, 401);
    assert.equal(await storedMessageCount(c.id), before);
  });

  test('a turn after another process wrote to the conversation neither overwrites nor loses it', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    await postCitizenMessage(otherProcess(), {
      conversationId: c.id,
      token: c.token,
      text: 'Un autre détail : une Clio grise.',
    });
    assert.equal((await say(c, 'Et ils ont un chien.')).statusCode, 201);
    const messages = await transcript(c);
    assert.deepEqual(
      messages.map((m) => m.seq),
      messages.map((_, index) => index + 1),
    );
    assert.deepEqual(
      messages.filter((m) => m.author === 'citizen').map((m) => m.text),
      [REPORT, 'Un autre détail : une Clio grise.', 'Et ils ont un chien.'],
    );
  });

  test('a conversation transmitted by another process takes the next message as a follow-up', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    await submitReport(otherProcess(), { conversationId: c.id, token: c.token });
    const response = await say(c, 'Ils sont encore là ce soir.');
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().messages.at(-1).text, FOLLOWUP_ACK);
  });

  test('a token revoked elsewhere is refused even while the conversation is cached', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    const before = (await transcript(c)).length;
    await t().deps.db.deleteFrom('conversation_tokens').where('conversation_id', '=', c.id).execute();
    const response = await say(c, 'Encore un message.');
    assert.equal(response.statusCode, 401);
    assert.equal(await storedMessageCount(c.id), before, 'nothing was written');
  });
  const storedState = async (id: string) =>
    (
      await t()
        .deps.db.selectFrom('conversations')
        .select('state_enc')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).state_enc;

  test('a turn that leaves the state as it was does not write it again', async () => {
    const opened = await t().app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
    const c = opened.json() as { id: string; token: string };
    const before = await storedState(c.id);
    // A greeting before any category: the bot listens on, nothing is recorded.
    const response = await say(c, 'bonjour');
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(await storedState(c.id), before, 'the same ciphertext: not even re-encrypted');
    assert.equal((await say(c, REPORT)).statusCode, 201);
    assert.notDeepEqual(await storedState(c.id), before);
  });

  test('a turn is announced by its own commit statement, not by a second transaction', async () => {
    const listener = await t().deps.pool.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(...(n.payload ?? '').split(',')));
    await listener.query('LISTEN vigie_messages');
    const hub = t().deps.hub;
    const announce = hub.announce;
    const announcedAfter: string[] = [];
    try {
      const c = await start();
      hub.announce = (conversationId, seq) => {
        announcedAfter.push(conversationId);
        announce.call(hub, conversationId, seq);
      };
      const response = await say(c, REPORT);
      assert.equal(response.statusCode, 201);
      const lastSeq = (response.json().messages as { seq: number }[]).at(-1)?.seq;
      for (let i = 0; i < 100 && !heard.includes(`${c.id}:${lastSeq}`); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(heard.includes(`${c.id}:${lastSeq}`), heard.join(' '));
      assert.deepEqual(announcedAfter, []);
    } finally {
      hub.announce = announce;
      await listener.query('UNLISTEN *');
      listener.release();
    }
  });
});
