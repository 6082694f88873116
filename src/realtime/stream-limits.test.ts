import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStreamLimits } from './stream-limits.ts';

test('beyond the per-conversation cap the oldest stream is ended; the process cap refuses', () => {
  const limits = createStreamLimits({ perConversation: 2, perProcess: 3 });
  const evicted: string[] = [];
  const a1 = limits.tryOpen('a', () => evicted.push('a1'));
  limits.tryOpen('a', () => evicted.push('a2'));
  const a3 = limits.tryOpen('a', () => evicted.push('a3'));
  assert.deepEqual(evicted, ['a1'], 'the oldest of the conversation made room');
  assert.ok('close' in a3);
  assert.equal(limits.openStreams(), 2);
  const b1 = limits.tryOpen('b', () => evicted.push('b1'));
  assert.deepEqual(
    limits.tryOpen('c', () => {}),
    { refused: 'process' },
  );
  assert.ok('close' in a1 && 'close' in b1);
  a1.close(); // already freed by the eviction: nothing more
  assert.equal(limits.openStreams(), 3);
  b1.close();
  b1.close();
  assert.equal(limits.openStreams(), 2);
  assert.ok('close' in limits.tryOpen('c', () => {}));
});

test('one client network holds at most perClient streams; others are not affected', () => {
  const limits = createStreamLimits({ perConversation: 2, perProcess: 100, perClient: 3 });
  const opened = [
    limits.tryOpen('a', () => {}, '192.0.2.1'),
    limits.tryOpen('b', () => {}, '192.0.2.1'),
    limits.tryOpen('c', () => {}, '192.0.2.1'),
  ];
  assert.ok(opened.every((slot) => 'close' in slot));
  assert.deepEqual(
    limits.tryOpen('d', () => {}, '192.0.2.1'),
    { refused: 'client' },
  );
  // The same /64 is the same client; another address is another client.
  for (const address of ['2001:db8::1', '2001:db8::2', '2001:db8::3'])
    assert.ok('close' in limits.tryOpen(`e-${address}`, () => {}, address));
  assert.deepEqual(
    limits.tryOpen('f', () => {}, '2001:db8:0:0:ffff::9'),
    { refused: 'client' },
  );
  assert.ok('close' in limits.tryOpen('d', () => {}, '198.51.100.7'));
  // Agents' streams and callers without an address are never counted per client.
  assert.ok('close' in limits.tryOpen('d', () => {}));
  // A stream that closes gives its place back.
  const first = opened[0];
  assert.ok(first && 'close' in first);
  first.close();
  assert.ok('close' in limits.tryOpen('d', () => {}, '192.0.2.1'));
});

test('at its cap, a client may still replace the oldest of its own streams on a conversation', () => {
  const limits = createStreamLimits({ perConversation: 2, perProcess: 100, perClient: 2 });
  const evicted: string[] = [];
  limits.tryOpen('a', () => evicted.push('a1'), '192.0.2.1');
  limits.tryOpen('a', () => evicted.push('a2'), '192.0.2.1');
  assert.ok('close' in limits.tryOpen('a', () => evicted.push('a3'), '192.0.2.1'));
  assert.deepEqual(evicted, ['a1']);
  assert.deepEqual(
    limits.tryOpen('b', () => {}, '192.0.2.1'),
    { refused: 'client' },
  );
  assert.equal(limits.openStreams(), 2);
});

test('the per-client count survives the rotation of the secret while streams stay open', () => {
  let clock = 0;
  const limits = createStreamLimits({ perConversation: 5, perProcess: 100, perClient: 2, now: () => clock });
  const early = limits.tryOpen('a', () => {}, '192.0.2.1');
  clock += 20 * 60 * 1000; // a new window: a new secret
  assert.ok('close' in limits.tryOpen('b', () => {}, '192.0.2.1'));
  assert.deepEqual(
    limits.tryOpen('c', () => {}, '192.0.2.1'),
    { refused: 'client' },
    'the stream opened under the old secret still counts',
  );
  assert.ok('close' in early);
  early.close();
  assert.ok('close' in limits.tryOpen('c', () => {}, '192.0.2.1'));
});
