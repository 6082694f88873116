import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import { createTurnRateLimit, limitTurnRate, TurnRateLimitedError } from './turn-rate-limit.ts';

test('a conversation gets its turns per window, sliding; another conversation its own', () => {
  const limit = createTurnRateLimit({ maxTurns: 3, windowMs: 1000 });
  assert.equal(limit.tryTurn('a', 0), 0);
  assert.equal(limit.tryTurn('a', 100), 0);
  assert.equal(limit.tryTurn('a', 200), 0);
  assert.equal(limit.tryTurn('a', 300), 700, 'the first turn frees a place at 1000');
  assert.equal(limit.tryTurn('b', 300), 0);
  assert.equal(limit.tryTurn('a', 999), 1);
  assert.equal(limit.tryTurn('a', 1000), 0, 'a refused turn was not counted');
  assert.ok(limit.tryTurn('a', 1050) > 0);
});

test('a clock moved back does not keep a conversation waiting', () => {
  const limit = createTurnRateLimit({ maxTurns: 1, windowMs: 1000 });
  assert.equal(limit.tryTurn('a', 50_000), 0);
  assert.equal(limit.tryTurn('a', 10_000), 0);
});

test('a refusal is a 429 with the seconds to wait', () => {
  const limit = createTurnRateLimit({ maxTurns: 1, windowMs: 10_000 });
  limitTurnRate(limit, 'a', new Date(0));
  assert.throws(
    () => limitTurnRate(limit, 'a', new Date(2500)),
    (error: unknown) =>
      error instanceof TurnRateLimitedError &&
      error instanceof AppError &&
      error.status === 429 &&
      error.code === 'too_many_messages' &&
      error.retryAfterSeconds === 8 &&
      /Vous écrivez très vite : patientez quelques secondes/.test(error.message),
  );
});
