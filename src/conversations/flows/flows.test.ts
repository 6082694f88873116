import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Condition, FlowDefinition } from '../engine/flow-types.ts';
import { compilePattern } from '../engine/text-fold.ts';
import { CATEGORIES } from '../engine/types.ts';
import { FLOWS } from './index.ts';

const RESERVED = new Set(['skip', 'stop', 'talk_to_officer', 'confirm', 'add']);

function conditionSlots(condition: Condition): string[] {
  if ('has' in condition) return [condition.has];
  if ('valueIn' in condition) return [condition.valueIn[0]];
  if ('not' in condition) return conditionSlots(condition.not);
  if ('all' in condition) return condition.all.flatMap(conditionSlots);
  if ('any' in condition) return condition.any.flatMap(conditionSlots);
  return [];
}

function patternsOf(flow: FlowDefinition): string[] {
  return [
    ...flow.categoryKeywords,
    ...flow.questions.flatMap((q) => [
      ...(q.options ?? []).flatMap((o) => o.keywords ?? []),
      ...(q.capture ?? []).map((c) => c.pattern),
    ]),
  ];
}

test('every category has a well-formed flow', () => {
  assert.deepEqual(Object.keys(FLOWS).sort(), [...CATEGORIES].sort());
  for (const [category, flow] of Object.entries(FLOWS)) {
    assert.equal(flow.category, category);
    const ids = flow.questions.map((q) => q.id);
    assert.equal(new Set(ids).size, ids.length, `${category}: duplicate question ids`);
    assert.ok(!ids.includes(flow.otherSlot.id), `${category}: otherSlot id collides`);
    assert.equal(flow.questions.filter((q) => q.kind === 'narrative').length <= 1, true);
    for (const q of flow.questions) {
      assert.ok(q.summaryLabel, `${category}.${q.id}: summary label`);
      if (q.ask !== false) assert.ok(q.prompt, `${category}.${q.id}: prompt`);
      if (q.input !== 'text') assert.ok((q.options ?? []).length > 0, `${category}.${q.id}: options`);
      const values = (q.options ?? []).map((o) => o.value);
      assert.equal(new Set(values).size, values.length, `${category}.${q.id}: duplicate options`);
      for (const v of values) {
        assert.ok(
          !RESERVED.has(v) && !v.includes(',') && !v.startsWith('correct:'),
          `${category}.${q.id}: ${v}`,
        );
      }
      for (const slot of q.condition ? conditionSlots(q.condition) : []) {
        assert.ok(
          ids.indexOf(slot) >= 0 && ids.indexOf(slot) < ids.indexOf(q.id),
          `${category}.${q.id}: ${slot}`,
        );
      }
    }
    for (const p of patternsOf(flow)) assert.ok(compilePattern(p), `${category}: bad pattern ${p}`);
  }
});

test('the narrative comes first in the witness flows, safety first in the victim flows', () => {
  assert.equal(FLOWS.stupefiants.questions[0]?.kind, 'narrative');
  assert.equal(FLOWS.autre.questions[0]?.kind, 'narrative');
  assert.equal(FLOWS.violences_intrafamiliales.questions[0]?.kind, 'safety');
  assert.equal(FLOWS.violences_sexuelles.questions[0]?.kind, 'safety');
  assert.equal(FLOWS.violences_intrafamiliales.stop.goTo, 'done');
  assert.equal(FLOWS.violences_intrafamiliales.offerOfficer, true);
});
