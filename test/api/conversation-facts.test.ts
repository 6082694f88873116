import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import { commitTurns } from '../../src/conversations/conversation.repo.ts';
import { dataKeyAad } from '../../src/conversations/conversation-access.ts';
import { eraseConversation } from '../../src/conversations/erase-conversation.ts';
import { decodeFlowHead } from '../../src/conversations/flow-state-codec.ts';
import { loadFlowState } from '../../src/conversations/load-flow-state.ts';
import { postCitizenMessage } from '../../src/conversations/post-citizen-message.ts';
import { createTurnCache } from '../../src/conversations/turn-cache.ts';
import { encryptBytes, unwrapDataKey } from '../../src/crypto/envelope.ts';
import { hashToken } from '../../src/crypto/receipt.ts';
import { submitReport } from '../../src/reports/submit-report.ts';
import { citizenClient } from '../support/citizen-client.ts';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

const REPORT =
  'Tous les soirs vers 21h trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon, ' +
  'un guetteur en survêtement noir, commandes au 06 55 44 33 22.';
const DETAIL = 'ah et aussi une Clio grise AB-123-CD vient les livrer';

describe('the facts of a conversation, one row each (issue 10 §2)', { skip: needsDatabase }, () => {
  const t = useTestApp();
  const { start, say } = citizenClient(() => t().app);

  const factRows = (conversationId: string) =>
    t()
      .deps.db.selectFrom('conversation_facts')
      .select(['fact_no', 'fact_enc'])
      .where('conversation_id', '=', conversationId)
      .orderBy('fact_no')
      .execute();
  const conversationRow = (conversationId: string) =>
    t()
      .deps.db.selectFrom('conversations as c')
      .innerJoin('data_keys as k', 'k.id', 'c.key_id')
      .select(['c.id', 'c.state_enc', 'c.key_id', 'k.wrapped'])
      .where('c.id', '=', conversationId)
      .executeTakeFirstOrThrow();
  const dataKeyOf = (row: { key_id: string; wrapped: Buffer | null }) =>
    unwrapDataKey(t().deps.keys.wrapKey, row.wrapped as Buffer, dataKeyAad(row.key_id));
  // Another Vigie process: nothing of the conversation in its turn cache.
  const otherProcess = () => ({ ...t().deps, turnCache: createTurnCache() });
  const reportFactTypes = async (reportId: string) =>
    (
      await t().deps.db.selectFrom('report_facts').select('type').where('report_id', '=', reportId).execute()
    ).map((row) => row.type);

  test('a turn inserts its new facts and leaves the earlier rows as written; the state holds none', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    const first = await factRows(c.id);
    assert.ok(first.length >= 4, `${first.length} facts`);
    const afterAccount = await conversationRow(c.id);
    const stateAfterAccount = afterAccount.state_enc;
    // The head, decrypted, holds the facts' numbers and none of the facts.
    const head = decodeFlowHead(dataKeyOf(afterAccount), c.id, stateAfterAccount);
    assert.equal('facts' in head.head, false);
    assert.deepEqual(
      head.factNos,
      first.map((row) => row.fact_no),
    );
    // (The account's first words are kept for the summary, `narrativeQuote`; the phone fact is not.)
    assert.ok(
      !head.headJson.toString().includes('"type":"phone"'),
      'the phone fact is in a row, not the head',
    );

    assert.equal((await say(c, DETAIL)).statusCode, 201);
    const second = await factRows(c.id);
    assert.ok(second.length > first.length);
    // The rows of the first turn are the same bytes: not re-encrypted, not rewritten.
    assert.deepEqual(second.slice(0, first.length), first);
    // The state (its head) stays about the size it had: the plate and the car went to rows.
    const state = (await conversationRow(c.id)).state_enc;
    assert.ok(state.length < stateAfterAccount.length + 100, `${stateAfterAccount.length} → ${state.length}`);

    // Read back from the database by another process, the state has every fact, in order.
    const row = await conversationRow(c.id);
    const stored = await loadFlowState(t().deps.db, dataKeyOf(row), row);
    const types = stored.state.facts.map((fact) => fact.type);
    for (const type of ['phone', 'plate', 'commune']) assert.ok(types.includes(type), types.join(' '));
    const { reportId } = await submitReport(otherProcess(), { conversationId: c.id, token: c.token });
    const reported = await reportFactTypes(reportId);
    for (const type of ['phone', 'plate', 'commune']) assert.ok(reported.includes(type), reported.join(' '));
  });

  test('a conversation whose facts were stored inside its state moves them to rows at its next turn', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    // Put the conversation back as a Vigie before migration 010 stored it: one state, facts inline.
    const row = await conversationRow(c.id);
    const dataKey = dataKeyOf(row);
    const { state } = await loadFlowState(t().deps.db, dataKey, row);
    const legacy = encryptBytes(dataKey, Buffer.from(JSON.stringify(state)), `conversation-state:${c.id}`);
    await t().deps.db.deleteFrom('conversation_facts').where('conversation_id', '=', c.id).execute();
    await t()
      .deps.db.updateTable('conversations')
      .set({ state_enc: legacy })
      .where('id', '=', c.id)
      .execute();

    const turn = await postCitizenMessage(otherProcess(), {
      conversationId: c.id,
      token: c.token,
      text: DETAIL,
    });
    assert.ok(turn.messages.length > 1);
    const rows = await factRows(c.id);
    assert.ok(rows.length > state.facts.length, 'the old facts and the new ones, each in a row');
    const after = await conversationRow(c.id);
    assert.ok(after.state_enc.length < legacy.length, 'the state no longer carries the facts');
    const { reportId } = await submitReport(otherProcess(), { conversationId: c.id, token: c.token });
    const reported = await reportFactTypes(reportId);
    for (const type of ['phone', 'plate', 'commune']) assert.ok(reported.includes(type), reported.join(' '));
  });

  test('a fact given again in more detail replaces its row', async () => {
    const c = await start();
    assert.equal(
      (await say(c, 'ils vendent à Besançon rue de Dole, des voitures viennent les livrer')).statusCode,
      201,
    );
    const before = await factRows(c.id);
    assert.equal((await say(c, 'une Golf noire vient les livrer')).statusCode, 201);
    const after = await factRows(c.id);
    const numbers = new Set(after.map((row) => row.fact_no));
    const replaced = before.filter((row) => !numbers.has(row.fact_no));
    assert.equal(replaced.length, 1, '"des voitures" gave way to the Golf');
    // The rows are exactly the facts the state lists, nothing left behind.
    const row = await conversationRow(c.id);
    const stored = await loadFlowState(t().deps.db, dataKeyOf(row), row);
    assert.equal(after.length, stored.state.facts.length);
    const car = stored.state.facts.find((fact) => fact.type === 'vehicle');
    assert.equal(car?.attrs?.model, 'Golf', JSON.stringify(car));
  });

  test('a turn that does not commit (another wrote first) writes no fact row', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    const before = await factRows(c.id);
    const { last_seq } = await t()
      .deps.db.selectFrom('conversations')
      .select('last_seq')
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const stale = {
      conversationId: c.id,
      tokenHash: hashToken(t().deps.keys.tokenKey, c.token),
      expectedSeq: last_seq - 1,
      expectedStatus: 'open',
      stateEnc: null,
      addedFacts: [{ factNo: 999, factEnc: Buffer.from('fait') }],
      droppedFactNos: before.map((row) => row.fact_no),
      category: 'stupefiants',
      messages: [{ id: randomUUID(), author: 'citizen' as const, body_enc: Buffer.of(1) }],
      createdAt: new Date(),
    };
    assert.equal((await commitTurns(t().deps.db, [stale])).has(c.id), false);
    assert.deepEqual(await factRows(c.id), before, 'nothing added, nothing deleted');
    const fresh = { ...stale, expectedSeq: last_seq, droppedFactNos: [] };
    assert.equal((await commitTurns(t().deps.db, [fresh])).has(c.id), true);
    assert.deepEqual(
      (await factRows(c.id)).map((row) => row.fact_no),
      [...before.map((row) => row.fact_no), 999],
    );
  });

  test('erasing a conversation erases its fact rows', async () => {
    const c = await start();
    assert.equal((await say(c, REPORT)).statusCode, 201);
    assert.ok((await factRows(c.id)).length > 0);
    await eraseConversation(t().deps, { conversationId: c.id, token: c.token }, { confirmed: true });
    assert.deepEqual(await factRows(c.id), []);
  });
});
