import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { FOLLOWUP_ACK, postCitizenMessage } from '../../src/conversations/post-citizen-message.ts';
import { createTurnCache } from '../../src/conversations/turn-cache.ts';
import { createTurnCommitter } from '../../src/conversations/turn-committer.ts';
import { hashToken } from '../../src/crypto/receipt.ts';
import { submitReport } from '../../src/reports/submit-report.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

const REPORT =
  'Tous les soirs vers 21h trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon, ' +
  'un guetteur en survêtement noir, commandes au 06 55 44 33 22.';

describe('citizen turns: group commit and turn cache', { skip: needsDatabase }, () => {
  const t = useTestApp();

  async function start() {
    const response = await t().app.inject({
      method: 'POST',
      url: '/api/v1/conversations',
      payload: { category: 'stupefiants' },
    });
    return response.json() as { id: string; token: string };
  }
  const say = (c: { id: string; token: string }, text: string) =>
    t().app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/messages`,
      headers: { authorization: `Bearer ${c.token}` },
      payload: { text },
    });
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

  test('one bad turn in a group fails alone; the others of its group commit', async () => {
    const deps = t().deps;
    const committer = createTurnCommitter(deps.db, { maxInFlight: 1 });
    const conversations = await Promise.all(Array.from({ length: 4 }, () => start()));
    const sharedId = randomUUID();
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
    const turns = conversations.map((c, i) => ({
      conversationId: c.id,
      tokenHash: hashToken(deps.keys.tokenKey, c.token),
      expectedSeq: lastSeq.get(c.id) ?? 0,
      stateEnc: Buffer.from('état'),
      category: 'stupefiants',
      // The last two turns carry the same message id: whichever goes second breaks a primary key.
      messages: [
        { id: i >= 2 ? sharedId : randomUUID(), author: 'citizen' as const, body_enc: Buffer.of(i) },
      ],
      createdAt: new Date(),
    }));
    // The first goes alone; the three others wait and go together.
    const results = await Promise.allSettled(turns.map((turn) => committer.commit(turn)));
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'fulfilled', 'fulfilled', 'rejected'],
    );
    assert.deepEqual(
      results.slice(0, 3).map((r) => (r as PromiseFulfilledResult<boolean>).value),
      [true, true, true],
    );
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
    const count = await t()
      .deps.db.selectFrom('messages')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('conversation_id', '=', c.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), before, 'nothing was written');
  });
});
