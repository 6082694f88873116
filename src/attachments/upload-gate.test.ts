import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUploadBudget } from './upload-budget.ts';
import { createUploadGate } from './upload-gate.ts';

test('the gate admits concurrency + queue uploads, decodes concurrency at once, in arrival order', async () => {
  const gate = createUploadGate({ concurrency: 2, queue: 2 });
  const passes = [gate.tryEnter(), gate.tryEnter(), gate.tryEnter(), gate.tryEnter()];
  assert.ok(passes.every((pass) => pass !== null));
  assert.equal(gate.tryEnter(), null, 'beyond the queue: refused at once');
  let running = 0;
  let most = 0;
  const order: number[] = [];
  const releases: (() => void)[] = [];
  const jobs = passes.map((pass, i) =>
    pass?.decode(async () => {
      running++;
      most = Math.max(most, running);
      order.push(i);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      return i;
    }),
  );
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(running, 2);
  while (order.length < 4 || releases.length > 0) {
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(await Promise.all(jobs), [0, 1, 2, 3]);
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.equal(most, 2);
  for (const pass of passes) {
    pass?.leave();
    pass?.leave(); // twice: counted once
  }
  assert.equal(gate.admitted(), 0);
  assert.ok(gate.tryEnter());
});

test('a failed decode frees its slot', async () => {
  const gate = createUploadGate({ concurrency: 1, queue: 0 });
  const pass = gate.tryEnter();
  await assert.rejects(pass?.decode(() => Promise.reject(new Error('illisible'))) ?? Promise.resolve());
  assert.equal(await pass?.decode(async () => 'ok'), 'ok');
});

test('the byte budget is per client network and window; a refund gives the bytes back', () => {
  let clock = 0;
  const budget = createUploadBudget({ bytes: 100, windowMs: 1000, now: () => clock });
  const refund = budget.tryCharge('192.0.2.1', 60);
  assert.ok(refund);
  assert.equal(budget.tryCharge('192.0.2.1', 50), null, 'over the budget: nothing charged');
  assert.ok(budget.tryCharge('2001:db8::1', 100));
  assert.equal(budget.hasRoom('2001:db8::ffff'), false, 'the same /64');
  assert.ok(budget.tryCharge('192.0.2.1', 40));
  assert.equal(budget.hasRoom('192.0.2.1'), false);
  refund();
  refund();
  assert.ok(budget.hasRoom('192.0.2.1'));
  assert.equal(budget.tryCharge('192.0.2.1', 61), null, 'refunded once only');
  clock += 1000;
  assert.ok(budget.tryCharge('2001:db8::1', 100), 'a new window starts afresh');
});
