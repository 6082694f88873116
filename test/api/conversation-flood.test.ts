import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { needsDatabase, useTestApp } from '../support/test-app.ts';

describe('opening conversations is limited per client address', { skip: needsDatabase }, () => {
  const t = useTestApp({ env: { VIGIE_CONVERSATIONS_PER_ADDRESS: '3' } });
  const open = (remoteAddress: string) =>
    t().app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {}, remoteAddress });
  const countConversations = async () =>
    Number(
      (
        await t()
          .deps.db.selectFrom('conversations')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('beyond the limit: 429 with a French message that still gives the emergency numbers', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await open('192.0.2.10')).statusCode, 201);
    const before = await countConversations();
    const refused = await open('192.0.2.10');
    assert.equal(refused.statusCode, 429);
    const { error } = refused.json();
    assert.equal(error.code, 'too_many_requests');
    assert.match(error.message, /17.*112.*114/);
    assert.equal(await countConversations(), before, 'nothing was created');
    assert.equal((await open('192.0.2.11')).statusCode, 201, 'another address is not affected');
  });

  test('the no-JavaScript form gets a page saying the same, not a conversation', async () => {
    for (let i = 0; i < 3; i++) await open('192.0.2.20');
    const refused = await t().app.inject({
      method: 'POST',
      url: '/signaler',
      payload: 'category=stupefiants',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      remoteAddress: '192.0.2.20',
    });
    assert.equal(refused.statusCode, 429);
    assert.match(refused.headers['content-type'] as string, /text\/html/);
    assert.match(refused.body, /Trop de conversations/);
    assert.equal(refused.headers['set-cookie'], undefined, 'no session was opened');
  });
});
