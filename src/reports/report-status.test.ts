import assert from 'node:assert/strict';
import test from 'node:test';
import { ROLES } from '../agents/roles.ts';
import {
  canTransition,
  citizenStatusOf,
  nextStatesFor,
  REPORT_STATUSES,
  reportTransitions,
  roleMayReach,
  roleMayTransition,
} from './report-status.ts';

test('the lifecycle keeps the states the console and the API name', () => {
  assert.deepEqual([...REPORT_STATUSES].sort(), [
    'action_immediate',
    'closed',
    'in_review',
    'intelligence',
    'received',
    'rejected',
    'transmitted',
  ]);
  assert.ok(canTransition('received', 'transmitted'));
  assert.ok(canTransition('received', 'rejected'));
  assert.ok(canTransition('transmitted', 'in_review'));
  for (const to of ['action_immediate', 'intelligence', 'closed'] as const)
    assert.ok(canTransition('in_review', to));
  assert.ok(!canTransition('received', 'in_review'));
  assert.ok(!canTransition('closed', 'in_review'));
  assert.deepEqual(nextStatesFor('analyste', 'closed'), []);
  assert.deepEqual(nextStatesFor('analyste', 'rejected'), []);
});

test('the operator transmits or rejects what arrives; the unit does the rest', () => {
  assert.deepEqual(nextStatesFor('operateur', 'received'), ['transmitted', 'rejected']);
  assert.deepEqual(nextStatesFor('analyste', 'received'), []);
  assert.deepEqual(nextStatesFor('operateur', 'transmitted'), []);
  assert.deepEqual(nextStatesFor('analyste', 'transmitted'), ['in_review', 'rejected']);
  assert.deepEqual(nextStatesFor('superviseur', 'in_review'), ['action_immediate', 'intelligence', 'closed']);
  assert.ok(roleMayReach('operateur', 'transmitted'));
  assert.ok(!roleMayReach('operateur', 'in_review'));
  assert.ok(!roleMayReach('analyste', 'transmitted'));
});

test('the administrator drives no report, and every declared transition names at least one role', () => {
  for (const from of REPORT_STATUSES) {
    assert.deepEqual(nextStatesFor('admin', from), []);
    for (const [to, roles] of Object.entries(reportTransitions[from])) {
      assert.ok((roles as readonly string[]).length > 0, `${from} → ${to}`);
      for (const role of roles as readonly string[]) assert.ok((ROLES as readonly string[]).includes(role));
      assert.ok(
        roleMayTransition(
          (roles as readonly (typeof ROLES)[number][])[0] as (typeof ROLES)[number],
          from,
          to as never,
        ),
      );
    }
  }
});

test('the reporter is told reçu, en cours or traité, never the decision', () => {
  assert.equal(citizenStatusOf('received').code, 'recu');
  assert.equal(citizenStatusOf('transmitted').code, 'en_cours');
  assert.equal(citizenStatusOf('in_review').code, 'en_cours');
  for (const status of ['action_immediate', 'intelligence', 'closed', 'rejected']) {
    assert.deepEqual(citizenStatusOf(status), { code: 'traite', label: 'Traité' });
  }
});
