import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  aggregateScores,
  computeMetrics,
  ENTITY_TYPES,
  formatReport,
  parseEvalSet,
  scoreCase,
} from './eval-extraction.ts';

const sample = [
  '{"id":"a","now":"2026-03-10T12:00:00+01:00","departement":"25","text":"x","expect":[["time","21:00"],["commune","25056"]],"allow":[["persons","1"]]}',
  '',
  '{"id":"b","now":"2026-03-10T12:00:00+01:00","departement":"25","text":"y","expect":[]}',
].join('\n');

test('parseEvalSet reads the corpus format and defaults allow to []', () => {
  const cases = parseEvalSet(sample);
  assert.equal(cases.length, 2);
  assert.deepEqual(cases[0]?.expect, [
    ['time', '21:00'],
    ['commune', '25056'],
  ]);
  assert.deepEqual(cases[1]?.allow, []);
});

test('parseEvalSet rejects an unknown type with the line number', () => {
  const bad = '{"id":"a","now":"n","departement":"25","text":"x","expect":[["colour","red"]]}';
  assert.throws(() => parseEvalSet(`\n${bad}`), /ligne 2/);
});

test('scoreCase: allowed pairs are neither hits nor errors, unknown types and duplicates are ignored', () => {
  const [a] = parseEvalSet(sample);
  assert.ok(a);
  const score = scoreCase(a, [
    { type: 'time', value: '21:00' },
    { type: 'time', value: '21:00' },
    { type: 'persons', value: '1' },
    { type: 'persons', value: '2' },
    { type: 'clothing', value: 'doudoune' },
  ]);
  assert.deepEqual(score.tp, [['time', '21:00']]);
  assert.deepEqual(score.fp, [['persons', '2']]);
  assert.deepEqual(score.fn, [['commune', '25056']]);
});

test('aggregateScores micro-averages over all types', () => {
  const cases = parseEvalSet(sample);
  const [a, b] = cases;
  assert.ok(a && b);
  const report = aggregateScores([
    scoreCase(a, [
      { type: 'time', value: '21:00' },
      { type: 'commune', value: '25056' },
    ]),
    scoreCase(b, [{ type: 'money', value: '10' }]),
  ]);
  assert.deepEqual(
    { tp: report.byType.time.tp, fp: report.byType.time.fp, fn: report.byType.time.fn },
    { tp: 1, fp: 0, fn: 0 },
  );
  assert.equal(report.byType.money.fp, 1);
  assert.equal(report.byType.money.precision, 0);
  assert.equal(report.byType.money.recall, null);
  assert.equal(report.byType.plate.f1, null);
  assert.equal(report.overall.tp, 2);
  assert.equal(report.overall.fp, 1);
  assert.equal(report.overall.fn, 0);
  assert.ok(Math.abs((report.overall.precision ?? 0) - 2 / 3) < 1e-9);
  assert.equal(report.overall.recall, 1);
  assert.ok(Math.abs((report.overall.f1 ?? 0) - 0.8) < 1e-9);
  const table = formatReport(report);
  assert.match(table, /micro \(total\)\s+2\s+1\s+0\s+0\.667\s+1\.000\s+0\.800/);
});

test('computeMetrics: nothing found but something expected gives F1 0', () => {
  assert.deepEqual(computeMetrics({ tp: 0, fp: 0, fn: 3 }), {
    tp: 0,
    fp: 0,
    fn: 3,
    precision: null,
    recall: 0,
    f1: 0,
  });
});

test('the evaluation set is well formed and its ids are unique', () => {
  const content = readFileSync(new URL('../test/fixtures/extraction-eval.jsonl', import.meta.url), 'utf8');
  const cases = parseEvalSet(content);
  assert.ok(cases.length >= 170);
  assert.equal(new Set(cases.map((c) => c.id)).size, cases.length);
  for (const type of ENTITY_TYPES) {
    const n = cases.filter((c) => c.expect.some(([t]) => t === type)).length;
    assert.ok(n >= 15, `${type} : ${n} messages seulement`);
  }
});
