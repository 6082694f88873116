import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { extractEntities } from './index.ts';

interface Example {
  id: string;
  now: string;
  departement: string;
  text: string;
  expect: [string, string][];
  allow?: [string, string][];
}

// A copy of ../shared/corpus/extraction-examples.jsonl, so the suite does not depend on the checkout's neighbours.
const CORPUS = new URL('../../test/fixtures/corpus-examples.jsonl', import.meta.url);

test('shared corpus examples: every message exact, micro-F1 1.0', () => {
  const examples = readFileSync(CORPUS, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Example);
  assert.ok(examples.length >= 12);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const errors: string[] = [];
  for (const ex of examples) {
    const got = new Set(
      extractEntities(ex.text, { now: ex.now, departement: ex.departement }).map(
        (e) => `${e.type}=${e.value}`,
      ),
    );
    const expected = new Set(ex.expect.map(([t, v]) => `${t}=${v}`));
    const allowed = new Set((ex.allow ?? []).map(([t, v]) => `${t}=${v}`));
    for (const g of got) {
      if (expected.has(g)) tp++;
      else if (!allowed.has(g)) {
        fp++;
        errors.push(`${ex.id} FP ${g}`);
      }
    }
    for (const e of expected) {
      if (!got.has(e)) {
        fn++;
        errors.push(`${ex.id} FN ${e}`);
      }
    }
  }
  const f1 = (2 * tp) / (2 * tp + fp + fn);
  assert.deepEqual(errors, []);
  assert.equal(f1, 1);
});
