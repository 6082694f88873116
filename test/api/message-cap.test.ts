import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AppDeps } from '../../src/app-deps.ts';
import { authorizeCitizen } from '../../src/conversations/conversation-access.ts';
import {
  FOLLOWUP_ACK,
  MAX_FOLLOWUP_MESSAGES,
  MAX_MESSAGES_PER_CONVERSATION,
  postCitizenMessage,
} from '../../src/conversations/post-citizen-message.ts';
import { createTurnCache } from '../../src/conversations/turn-cache.ts';
import { createTurnCommitter } from '../../src/conversations/turn-committer.ts';
import { createTurnRateLimit, TURNS_PER_WINDOW } from '../../src/conversations/turn-rate-limit.ts';
import { AppError, errorCatalog } from '../../src/errors.ts';
import { submitReport } from '../../src/reports/submit-report.ts';
import { citizenClient } from '../support/citizen-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

const REPORT =
  'Tous les soirs vers 21h trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon, ' +
  'un guetteur en survêtement noir, commandes au 06 55 44 33 22.';
const DETAILS = [
  'Il y a aussi une Clio grise immatriculée GA-318-PT qui passe vers 22h.',
  'Le guetteur porte une casquette rouge, il siffle quand une voiture arrive.',
  'Ce soir ils étaient quatre, dont un plus âgé avec un sac à dos.',
  'Les clients viennent surtout à pied, depuis l’arrêt de tram.',
  'Je pense qu’ils stockent dans la cave du bâtiment B.',
];

describe('the bounds of a conversation: its rate, its length, its follow-ups', {
  skip: needsDatabase,
}, () => {
  const t = useTestApp();
  const { start, say } = citizenClient(() => t().app);

  /** Another Vigie process on the same database, without the rate (so that the bounds are what is tested). */
  const unlimitedProcess = (): AppDeps => ({
    ...t().deps,
    turnCache: createTurnCache(),
    turnCommitter: createTurnCommitter(t().deps.db),
    turnRateLimit: createTurnRateLimit({ maxTurns: Number.POSITIVE_INFINITY }),
  });
  const stored = async (conversationId: string) =>
    t()
      .deps.db.selectFrom('messages')
      .select(['seq', 'author'])
      .where('conversation_id', '=', conversationId)
      .orderBy('seq')
      .execute();
  const lastSeq = async (conversationId: string) =>
    (
      await t()
        .deps.db.selectFrom('conversations')
        .select('last_seq')
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow()
    ).last_seq;
  const outcome = (attempt: Promise<unknown>) =>
    attempt.then(
      () => 'committed',
      (error: unknown) => (error instanceof AppError ? error.code : String(error)),
    );

  test('1,100 turns fired in parallel batches leave no more than the cap, and seq stays gapless', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    // Two processes, each with its own turn cache and group commit, as behind a load balancer.
    const processes = [unlimitedProcess(), unlimitedProcess()];
    const outcomes: string[] = [];
    for (let batch = 0; batch < 22; batch++) {
      outcomes.push(
        ...(await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            outcome(
              postCitizenMessage(processes[i % 2] as AppDeps, {
                conversationId: c.id,
                token: c.token,
                text: `${DETAILS[i % DETAILS.length]} (envoi ${batch}-${i})`,
              }),
            ),
          ),
        )),
      );
    }
    const refused = outcomes.filter((o) => o !== 'committed');
    assert.ok(refused.length > 0, 'the cap was reached');
    assert.deepEqual([...new Set(refused)], ['conversation_too_long']);
    const messages = await stored(c.id);
    assert.ok(messages.length <= MAX_MESSAGES_PER_CONVERSATION, `${messages.length} messages`);
    assert.ok(messages.length > MAX_MESSAGES_PER_CONVERSATION - 10, 'it filled up to its bound');
    assert.deepEqual(
      messages.map((m) => m.seq),
      messages.map((_, i) => i + 1),
    );
    assert.equal(await lastSeq(c.id), messages.length);
    assert.equal(
      messages.filter((m) => m.author === 'citizen').length,
      outcomes.filter((o) => o === 'committed').length + 1,
      'every acknowledged turn is there, and only those',
    );

    // Through the API, the same answer: 409 conversation_too_long, nothing written.
    const more = await say(c, 'Encore un détail.');
    assert.equal(more.statusCode, 409, more.body);
    assert.equal(more.json().error.code, 'conversation_too_long');
    assert.equal((await stored(c.id)).length, messages.length);

    // Transmitted at its length, the report still takes follow-ups, without the "transmettez-la" wording.
    const submitted = await t().app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/submit`,
      headers: { authorization: `Bearer ${c.token}` },
    });
    assert.equal(submitted.statusCode, 201, submitted.body);
    const followup = await say(c, 'Ils sont encore là ce soir, devant le hall.');
    assert.equal(followup.statusCode, 201, followup.body);
    assert.equal(followup.json().messages.at(-1).text, FOLLOWUP_ACK);
  });

  test('a conversation past its length when transmitted takes follow-ups', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    // As if it had reached the cap long ago, and another process still held the old copy in its cache.
    await t()
      .deps.db.updateTable('conversations')
      .set({ last_seq: MAX_MESSAGES_PER_CONVERSATION + 5 })
      .where('id', '=', c.id)
      .execute();
    const submitted = await t().app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/submit`,
      headers: { authorization: `Bearer ${c.token}` },
    });
    assert.equal(submitted.statusCode, 201, submitted.body);
    const followup = await say(c, 'Un détail de plus : ils ont un chien.');
    assert.equal(followup.statusCode, 201, followup.body);
    assert.equal(followup.json().messages[0].seq, MAX_MESSAGES_PER_CONVERSATION + 7);
  });

  test('a copy at the length in a turn cache, transmitted elsewhere, takes the turn as a follow-up', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    await t()
      .deps.db.updateTable('conversations')
      .set({ last_seq: MAX_MESSAGES_PER_CONVERSATION })
      .where('id', '=', c.id)
      .execute();
    // This process's copy says open, at its length; another process then transmits the report.
    const here = unlimitedProcess();
    here.turnCache.remember(
      await authorizeCitizen(here, here.db, { conversationId: c.id, token: c.token }),
      here.now(),
    );
    await submitReport(unlimitedProcess(), { conversationId: c.id, token: c.token });
    const result = await postCitizenMessage(here, {
      conversationId: c.id,
      token: c.token,
      text: 'Ils sont revenus.',
    });
    assert.equal(result.messages.at(-1)?.text, FOLLOWUP_ACK);
  });

  test('more than the rate of turns is refused with a French 429, and writes nothing', async () => {
    const c = await start();
    const before = (await stored(c.id)).length;
    const responses = await Promise.all(
      Array.from({ length: TURNS_PER_WINDOW + 5 }, (_, i) => say(c, `${DETAILS[i % DETAILS.length]} (${i})`)),
    );
    const statuses = responses.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 201).length, TURNS_PER_WINDOW, statuses.join(' '));
    const refused = responses.filter((r) => r.statusCode === 429);
    assert.equal(refused.length, 5);
    for (const response of refused) {
      assert.equal(response.json().error.code, 'too_many_messages');
      assert.match(response.json().error.message, /^Vous écrivez très vite : patientez quelques secondes/);
      assert.ok(Number(response.headers['retry-after']) >= 1, 'Retry-After');
    }
    const citizen = (await stored(c.id)).filter((m) => m.author === 'citizen');
    assert.equal(citizen.length, TURNS_PER_WINDOW, 'nothing of the refused turns');
    assert.ok((await stored(c.id)).length > before);

    // Another conversation has its own share; and once the window has slid, this one writes again.
    const other = await start();
    assert.equal((await say(other, REPORT)).statusCode, 201);
    assert.equal((await say(c, 'Encore un détail.')).statusCode, 429);
    t().setNow(new Date(Date.now() + 11_000));
    try {
      assert.equal((await say(c, 'Encore un détail.')).statusCode, 201);
    } finally {
      t().setNow(null);
    }
  });

  test('follow-ups have their own bound and their own wording, and the same rate', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    const submitted = await t().app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${c.id}/submit`,
      headers: { authorization: `Bearer ${c.token}` },
    });
    assert.equal(submitted.statusCode, 201, submitted.body);

    // The rate holds after transmission too (the turn before it counted in the same window).
    const burst = await Promise.all(
      Array.from({ length: TURNS_PER_WINDOW + 2 }, (_, i) => say(c, `Précision numéro ${i}.`)),
    );
    const accepted = burst.filter((r) => r.statusCode === 201).length;
    assert.equal(accepted, TURNS_PER_WINDOW - 1);
    assert.deepEqual(
      burst.filter((r) => r.statusCode !== 201).map((r) => r.json().error.code),
      ['too_many_messages', 'too_many_messages', 'too_many_messages'],
    );

    const other = unlimitedProcess();
    for (let i = accepted; i < MAX_FOLLOWUP_MESSAGES; i++) {
      await postCitizenMessage(other, {
        conversationId: c.id,
        token: c.token,
        text: `Précision numéro ${i}.`,
      });
    }
    const before = (await stored(c.id)).length;
    const response = await postCitizenMessage(other, {
      conversationId: c.id,
      token: c.token,
      text: 'Une de plus.',
    }).then(
      () => null,
      (error: unknown) => error,
    );
    assert.ok(response instanceof AppError);
    assert.equal(response.code, 'followup_too_long');
    assert.equal(response.status, 409);
    assert.equal(
      response.message,
      "Vous avez atteint le nombre maximal de messages de suivi pour ce signalement. Pour ajouter d'autres " +
        'éléments, faites un nouveau signalement en mentionnant le premier.',
    );
    assert.doesNotMatch(response.message, /transmettez/);
    assert.notEqual(errorCatalog.followup_too_long.message, errorCatalog.conversation_too_long.message);
    assert.equal((await stored(c.id)).length, before, 'nothing written');
    // Through the API (once the rate's window has passed), the same 409 in JSON.
    t().setNow(new Date(Date.now() + 11_000));
    try {
      const refused = await say(c, 'Une de plus.');
      assert.equal(refused.statusCode, 409, refused.body);
      assert.equal(refused.json().error.code, 'followup_too_long');
      assert.equal(refused.json().error.message, errorCatalog.followup_too_long.message);
    } finally {
      t().setNow(null);
    }
    const messages = await stored(c.id);
    const submission = messages.find((m) => m.author === 'system')?.seq ?? 0;
    assert.equal(
      messages.filter((m) => m.author === 'citizen' && m.seq > submission).length,
      MAX_FOLLOWUP_MESSAGES,
    );
  });
});
