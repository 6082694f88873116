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
