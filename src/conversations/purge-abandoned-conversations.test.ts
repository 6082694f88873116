import assert from 'node:assert/strict';
import { test } from 'node:test';
import { needsDatabase as skip, useTestApp } from '../../test/support/test-app.ts';
import { ABANDONED_AFTER_DAYS, purgeAbandonedConversations } from './purge-abandoned-conversations.ts';

const app = useTestApp();

async function conversation(body: object) {
  const t = app();
  const response = await t.app.inject({ method: 'POST', url: '/api/v1/conversations', payload: body });
  return response.json() as { id: string; token: string };
}

test('conversations never transmitted are erased after 30 days without activity; reports stay', {
  skip,
}, async () => {
  const t = app();
  const abandoned = await conversation({ category: 'autre' });
  const recent = await conversation({ category: 'autre' });
  const transmitted = await conversation({ category: 'autre' });
  const auth = { authorization: `Bearer ${transmitted.token}` };
  await t.app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${transmitted.id}/messages`,
    headers: auth,
    payload: { text: 'Des tags sur la mairie de Dole' },
  });
  assert.equal(
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${transmitted.id}/submit`,
        headers: auth,
      })
    ).statusCode,
    201,
  );
  const old = new Date(Date.now() - (ABANDONED_AFTER_DAYS + 1) * 24 * 3600 * 1000);
  await t.deps.db
    .updateTable('conversations')
    .set({ updated_at: old })
    .where('id', 'in', [abandoned.id, transmitted.id])
    .execute();

  assert.equal(await purgeAbandonedConversations(t.deps), 1);
  const left = (await t.deps.db.selectFrom('conversations').select('id').execute()).map((row) => row.id);
  assert.ok(!left.includes(abandoned.id));
  assert.ok(left.includes(recent.id));
  assert.ok(left.includes(transmitted.id));
  assert.equal(await purgeAbandonedConversations(t.deps), 0);
});
