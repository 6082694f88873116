import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAttemptThrottle } from './attempt-throttle.ts';

test('a client is refused after too many failures, others are not', () => {
  const throttle = createAttemptThrottle({ maxFailures: 3, windowMs: 60_000 });
  for (let i = 0; i < 3; i++) {
    assert.equal(throttle.allows('198.51.100.7'), true);
    throttle.recordFailure('198.51.100.7');
  }
  assert.equal(throttle.allows('198.51.100.7'), false);
  assert.equal(throttle.allows('203.0.113.9'), true);
});

test('the window ends with the secret, and the counters with it', () => {
  let clock = 0;
  const throttle = createAttemptThrottle({ maxFailures: 1, windowMs: 1000, now: () => clock });
  throttle.recordFailure('a');
  assert.equal(throttle.allows('a'), false);
  clock = 1000;
  assert.equal(throttle.allows('a'), true);
});
