import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AuthorizedConversation } from './conversation-access.ts';
import { createTurnCache } from './turn-cache.ts';

const NOW = new Date('2026-11-29T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

function conversation(id: string, tokenHash = Buffer.alloc(32, 1)): AuthorizedConversation {
  return {
    row: {
      id,
      status: 'open',
      category: 'stupefiants',
      key_id: 'k',
      wrapped_key: Buffer.alloc(60),
      state_enc: Buffer.alloc(10),
      last_seq: 3,
      attachment_count: 0,
      token_expires_at: later(24 * 3600_000),
    },
    dataKey: Buffer.alloc(32, 7),
    tokenHash,
  };
}

test('a remembered conversation is found only with the token hash that opened it', () => {
  const cache = createTurnCache();
  cache.remember(conversation('a'), NOW);
  assert.equal(cache.find('a', Buffer.alloc(32, 1), NOW)?.row.last_seq, 3);
  assert.equal(cache.find('a', Buffer.alloc(32, 2), NOW), undefined);
  assert.equal(cache.find('a', Buffer.alloc(16, 1), NOW), undefined);
  assert.equal(cache.find('b', Buffer.alloc(32, 1), NOW), undefined);
});

test('an expired token or an idle entry is dropped, and forget drops at once', () => {
  const cache = createTurnCache({ idleMs: 60_000 });
  const expiring = conversation('a');
  expiring.row.token_expires_at = later(1000);
  cache.remember(expiring, NOW);
  assert.equal(cache.find('a', expiring.tokenHash, later(1000)), undefined);
  assert.equal(cache.find('a', expiring.tokenHash, NOW), undefined, 'dropped, not only hidden');

  cache.remember(conversation('b'), NOW);
  assert.equal(cache.find('b', Buffer.alloc(32, 1), later(60_001)), undefined);

  cache.remember(conversation('c'), NOW);
  cache.forget('c');
  assert.equal(cache.find('c', Buffer.alloc(32, 1), NOW), undefined);
});

test('beyond its size the least recently used conversation leaves first', () => {
  const cache = createTurnCache({ maxEntries: 2 });
  cache.remember(conversation('a'), NOW);
  cache.remember(conversation('b'), NOW);
  cache.remember(conversation('a'), NOW);
  cache.remember(conversation('c'), NOW);
  assert.ok(cache.find('a', Buffer.alloc(32, 1), NOW));
  assert.equal(cache.find('b', Buffer.alloc(32, 1), NOW), undefined);
  assert.ok(cache.find('c', Buffer.alloc(32, 1), NOW));
});

test('sweep removes idle entries and expired tokens without any lookup', () => {
  const cache = createTurnCache({ idleMs: 60_000 });
  const expiring = conversation('a');
  expiring.row.token_expires_at = later(30_000);
  cache.remember(expiring, NOW);
  cache.remember(conversation('b'), NOW);
  cache.remember(conversation('c'), later(50_000));
  cache.sweep(later(30_000));
  assert.equal(cache.find('a', expiring.tokenHash, NOW), undefined, 'token expired');
  assert.ok(cache.find('b', Buffer.alloc(32, 1), later(30_000)));
  cache.sweep(later(60_001));
  assert.equal(cache.find('b', Buffer.alloc(32, 1), NOW), undefined, 'idle');
  assert.ok(cache.find('c', Buffer.alloc(32, 1), later(60_001)));
});

test('a dropped conversation is not brought back by a turn that finishes afterwards', () => {
  const cache = createTurnCache({ idleMs: 60_000 });
  cache.remember(conversation('a'), NOW);
  cache.drop('a', NOW);
  cache.remember(conversation('a'), later(1000));
  assert.equal(cache.find('a', Buffer.alloc(32, 1), later(1000)), undefined);
  cache.sweep(later(60_001));
  cache.remember(conversation('a'), later(60_002));
  assert.ok(
    cache.find('a', Buffer.alloc(32, 1), later(60_002)),
    'a later conversation state may be cached again',
  );
});
