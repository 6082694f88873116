import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { test } from 'node:test';
import { runExtractCommand } from './extract-cli.ts';

function sink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function run(args: string[], input: string) {
  const out = sink();
  const err = sink();
  const code = await runExtractCommand(args, Readable.from([input]), out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

test('one message on stdin gives one JSON line', async () => {
  const { code, out } = await run(['--now', '2026-03-10T12:00:00+01:00'], 'Hier à Montbéliard\n');
  assert.equal(code, 0);
  const lines = out.trim().split('\n');
  assert.equal(lines.length, 1);
  const parsed = JSON.parse(lines[0] ?? '') as { entities: { type: string; value: string }[] };
  assert.deepEqual(
    parsed.entities.map((e) => `${e.type}=${e.value}`),
    ['date=2026-03-09', 'commune=25388'],
  );
});

test('jsonl: one line per input, line fields override flags', async () => {
  const input =
    '{"id":"a","text":"hier à Rahon"}\n\n{"id":2,"text":"hier à Rahon","now":"2026-01-02T10:00:00+01:00","departement":"39"}\n';
  const { code, out } = await run(['--jsonl', '--now', '2026-03-10T12:00:00+01:00'], input);
  assert.equal(code, 0);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: unknown; entities: { type: string; value: string }[] });
  assert.equal(lines.length, 2);
  assert.equal(lines[0]?.id, 'a');
  assert.deepEqual(
    lines[0]?.entities.map((e) => e.value),
    ['2026-03-09', '25476'],
  );
  assert.equal(lines[1]?.id, 2);
  assert.deepEqual(
    lines[1]?.entities.map((e) => e.value),
    ['2026-01-01', '39448'],
  );
});

test('jsonl: a bad line gives an error line, the rest goes on, exit 2', async () => {
  const input =
    '{"id":"ok","text":"à Dole"}\npas du json\n{"id":"x","text":"demain","now":"n importe quoi"}\n{"id":"y"}\n';
  const { code, out, err } = await run(['--jsonl'], input);
  assert.equal(code, 2);
  const lines = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: unknown; error?: { code: string } });
  assert.equal(lines.length, 4);
  assert.equal(lines[0]?.error, undefined);
  assert.equal(lines[1]?.error?.code, 'json_invalide');
  assert.equal(lines[2]?.id, 'x');
  assert.equal(lines[2]?.error?.code, 'date_invalide');
  assert.equal(lines[3]?.error?.code, 'texte_manquant');
  assert.match(err, /ligne 2/);
});

test('bad arguments: French message and exit 2', async () => {
  const badNow = await run(['--now', 'hier'], 'x');
  assert.equal(badNow.code, 2);
  assert.match(badNow.err, /Date de référence invalide/);
  const badDep = await run(['--departement', '250'], 'x');
  assert.equal(badDep.code, 2);
  assert.match(badDep.err, /Département invalide/);
  const unknown = await run(['--verbose'], 'x');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /Option inconnue/);
});
