import assert from 'node:assert/strict';
import test from 'node:test';
import { parisDayEnd, parisDayStart } from './paris-day.ts';

test('a French day starts at Paris midnight, in winter and in summer', () => {
  assert.equal(parisDayStart('2026-01-15').toISOString(), '2026-01-14T23:00:00.000Z');
  assert.equal(parisDayStart('2026-07-14').toISOString(), '2026-07-13T22:00:00.000Z');
  // The days the clocks change: the day still starts at midnight, before the change.
  assert.equal(parisDayStart('2026-03-29').toISOString(), '2026-03-28T23:00:00.000Z');
  assert.equal(parisDayStart('2026-10-25').toISOString(), '2026-10-24T22:00:00.000Z');
  assert.equal(parisDayEnd('2026-03-29').toISOString(), '2026-03-29T22:00:00.000Z');
  assert.equal(parisDayEnd('2026-12-31').toISOString(), '2026-12-31T23:00:00.000Z');
});
