import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStreamLimits } from './stream-limits.ts';

test('streams are capped per conversation and per process, and closing frees the slot once', () => {
  const limits = createStreamLimits({ perConversation: 2, perProcess: 3 });
  const a1 = limits.tryOpen('a');
  const a2 = limits.tryOpen('a');
  assert.deepEqual(limits.tryOpen('a'), { refused: 'conversation' });
  const b1 = limits.tryOpen('b');
  assert.deepEqual(limits.tryOpen('c'), { refused: 'process' });
  assert.ok('close' in a1 && 'close' in a2 && 'close' in b1);
  a1.close();
  a1.close(); // twice frees one slot only
  const a3 = limits.tryOpen('a');
  assert.ok('close' in a3);
  assert.deepEqual(limits.tryOpen('c'), { refused: 'process' });
  b1.close();
  assert.ok('close' in limits.tryOpen('c'));
});
