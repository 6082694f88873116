import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAttemptThrottle, networkOf } from './attempt-throttle.ts';

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

test('one IPv6 /64 is one client, and an IPv4-mapped address is its IPv4 address', () => {
  assert.equal(networkOf('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
  assert.equal(networkOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff'), '2001:db8:1:2::/64');
  assert.equal(networkOf('2001:db8::1'), '2001:db8:0:0::/64');
  assert.equal(networkOf('fe80::1%eth0'), 'fe80:0:0:0::/64');
  assert.equal(networkOf('::1'), '0:0:0:0::/64');
  assert.equal(networkOf('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(networkOf('192.0.2.7'), '192.0.2.7');
  const throttle = createAttemptThrottle({ maxFailures: 2, windowMs: 60_000 });
  assert.ok(throttle.tryAttempt('2001:db8:1:2::a'));
  assert.ok(throttle.tryAttempt('2001:db8:1:2::b'));
  assert.equal(throttle.tryAttempt('2001:db8:1:2::c'), false, 'same /64');
  assert.ok(throttle.tryAttempt('2001:db8:1:3::a'), 'another /64');
});
