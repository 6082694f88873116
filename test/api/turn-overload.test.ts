import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { commitTurns } from '../../src/conversations/conversation.repo.ts';
import { createTurnCommitter, type TurnCommitter } from '../../src/conversations/turn-committer.ts';
import { citizenClient } from '../support/citizen-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

const REPORT = 'Deux jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon tous les soirs.';

describe('citizen turns under overload', { skip: needsDatabase }, () => {
  const logs: string[] = [];
  const logStream = new PassThrough();
  logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
  const t = useTestApp({ logStream, logLevel: 'info' });

  const { start, say } = citizenClient(() => t().app);
  const lastSeq = async (id: string) =>
    (
      await t()
        .deps.db.selectFrom('conversations')
        .select('last_seq')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).last_seq;
  /** Runs `body` with the app's committer replaced, then puts the real one back. */
  async function withCommitter(committer: TurnCommitter, body: () => Promise<void>) {
    const deps = t().deps;
    const real = deps.turnCommitter;
    deps.turnCommitter = committer;
    try {
      await body();
    } finally {
      deps.turnCommitter = real;
    }
  }
  async function until(condition: () => boolean) {
    while (!condition()) await new Promise((resolve) => setImmediate(resolve));
  }

  test('when too many turns wait for the database, the next is refused at once and nothing of it is written', {
    timeout: 20_000,
  }, async () => {
    // The database "stalls": the first group waits until the test releases it.
    let release: () => void = () => {};
    const stalled = new Promise<void>((resolve) => {
      release = resolve;
    });
    const inner = createTurnCommitter(t().deps.db, {
      maxQueued: 1,
      commit: async (db, turns) => {
        await stalled;
        return commitTurns(db, turns);
      },
    });
    let received = 0;
    const counting: TurnCommitter = {
      commit(turn) {
        received++;
        return inner.commit(turn);
      },
    };
    const [first, second, third] = [await start(), await start(), await start()];
    const thirdSeqBefore = await lastSeq(third.id);
    await withCommitter(counting, async () => {
      const firstTurn = say(first, REPORT);
      const secondTurn = say(second, REPORT);
      try {
        await until(() => received === 2); // the first in flight, the second waiting: the queue is full
        const refused = await say(third, REPORT);
        assert.equal(refused.statusCode, 503);
        assert.equal(refused.headers['retry-after'], '2');
        const { error } = refused.json();
        assert.equal(error.code, 'overloaded');
        assert.match(error.message, /n'a pas été enregistré.*Réessayez/);
        assert.match(error.message, /17.*112.*114/);
      } finally {
        release();
      }
      assert.equal((await firstTurn).statusCode, 201);
      assert.equal((await secondTurn).statusCode, 201);
    });
    // Operators see the refusals, counted, with nothing of the request.
    const warning = logs.find((line) => line.includes('surcharge'));
    assert.ok(warning, 'a log line says turns are refused');
    assert.equal(JSON.parse(warning).refused, 1);
    assert.doesNotMatch(warning, /127\.0\.0\.1|user-agent|remoteAddress/i);
    assert.equal(await lastSeq(third.id), thirdSeqBefore, 'nothing of the refused turn was written');
    // Once the queue drains, the same citizen is served normally.
    assert.equal((await say(third, REPORT)).statusCode, 201);
  });

  test('without JavaScript, the chat page says so and keeps the text the citizen typed', async () => {
    const opened = await t().app.inject({
      method: 'POST',
      url: '/signaler',
      payload: 'category=stupefiants',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const cookie = String(opened.headers['set-cookie']).split(';')[0] as string;
    const full = createTurnCommitter(t().deps.db, { maxQueued: 0 });
    await withCommitter(full, async () => {
      const page = await t().app.inject({
        method: 'POST',
        url: '/signaler/message',
        payload: `text=${encodeURIComponent(REPORT)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      });
      assert.equal(page.statusCode, 503);
      assert.equal(page.headers['retry-after'], '2');
      assert.match(page.headers['content-type'] as string, /text\/html/);
      assert.match(page.body, /n&#39;a pas été enregistré|n'a pas été enregistré/);
      assert.ok(page.body.includes('tous les soirs.'), 'the typed text is still in the form');
    });
  });
});
