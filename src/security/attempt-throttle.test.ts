import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAttemptThrottle } from './attempt-throttle.ts';

test('a client is refused after too many failures, others are not', () => {
  const throttle = createAttemptThrottle({ maxFailures: 3, windowMs: 60_000 });
  for (let i = 0; i < 3; i++) assert.equal(throttle.tryAttempt('198.51.100.7'), true);
  assert.equal(throttle.tryAttempt('198.51.100.7'), false);
  assert.equal(throttle.tryAttempt('203.0.113.9'), true);
});

test('a success gives its attempt back', () => {
  const throttle = createAttemptThrottle({ maxFailures: 2, windowMs: 60_000 });
  for (let i = 0; i < 5; i++) {
    assert.equal(throttle.tryAttempt('a'), true);
    throttle.forgive('a');
  }
  assert.equal(throttle.tryAttempt('a'), true);
  assert.equal(throttle.tryAttempt('a'), true);
  assert.equal(throttle.tryAttempt('a'), false);
});

test('the window ends with the secret, and the counters with it', () => {
  let clock = 0;
  const throttle = createAttemptThrottle({ maxFailures: 1, windowMs: 1000, now: () => clock });
  assert.equal(throttle.tryAttempt('a'), true);
  assert.equal(throttle.tryAttempt('a'), false);
  clock = 1000;
  assert.equal(throttle.tryAttempt('a'), true);
});
