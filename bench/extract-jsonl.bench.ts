/**
 * `vigie extract --jsonl` on 1,000 realistic lines (the messages of the two evaluation sets, cycled),
 * timed end to end including the process start, beside a bare baseline: the same Node process start
 * reading the same lines and writing one JSON line each, with no extraction. The bar: < 10 s.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LINES = 1000;

const texts = ['test/fixtures/extraction-eval.jsonl', 'test/fixtures/extraction-heldout.jsonl'].flatMap(
  (file) =>
    readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { text: string; now: string; departement: string }),
);
const input = `${Array.from({ length: LINES }, (_, i) => {
  const source = texts[i % texts.length] as { text: string; now: string; departement: string };
  return JSON.stringify({ id: `l${i}`, text: source.text, now: source.now, departement: source.departement });
}).join('\n')}\n`;

const BASELINE = `
let buffer = '';
process.stdin.on('data', (chunk) => { buffer += chunk; });
process.stdin.on('end', () => {
  const out = buffer.split('\\n').filter(Boolean).map((line) => JSON.stringify({ id: JSON.parse(line).id, entities: [] }));
  process.stdout.write(out.join('\\n') + '\\n');
});`;

function timeRun(args: string[]): Promise<{ ms: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`code de sortie ${code}`));
      resolve({ ms: performance.now() - started, lines: output.trim().split('\n').length });
    });
    child.stdin.end(input);
  });
}

const baseline = await timeRun(['-e', BASELINE]);
const extract = await timeRun(['bin/vigie.js', 'extract', '--jsonl']);
if (extract.lines !== LINES || baseline.lines !== LINES) throw new Error('nombre de lignes inattendu');
console.table([
  { name: 'baseline (node, JSON in/out)', lines: LINES, ms: Math.round(baseline.ms) },
  { name: 'vigie extract --jsonl', lines: LINES, ms: Math.round(extract.ms) },
]);
console.log(`extraction : ${(extract.ms / 1000).toFixed(2)} s pour ${LINES} lignes (objectif < 10 s)`);
