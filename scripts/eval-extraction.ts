/**
 * Scores the French entity extractor against a labelled set of citizen messages.
 *
 * Usage (from the repo root):
 *   node scripts/eval-extraction.ts [file.jsonl] [--corpus] [--verbose] [--min-f1 0.8]
 *
 * Default set: test/fixtures/extraction-eval.jsonl. `--corpus` scores the shared examples
 * (test/fixtures/corpus-examples.jsonl, a copy of ../shared/corpus/extraction-examples.jsonl). Scoring follows ../shared/corpus/README.md:
 * per message, the set of (type, value) pairs returned is compared with `expect`; pairs in
 * `allow` are accepted but not required; types outside the list are ignored.
 * It is a report, not a gate: the exit code is 0 unless `--min-f1` is given and missed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENTITY_TYPES as ALL_ENTITY_TYPES, type EntityType } from '../src/extraction/types.ts';

/** The scored types, in display order. */
export const ENTITY_TYPES: readonly EntityType[] = ALL_ENTITY_TYPES;

export type Pair = readonly [type: EntityType, value: string];

/** One labelled message of an evaluation file. */
export interface EvalCase {
  id: string;
  now: string;
  departement: string;
  text: string;
  expect: Pair[];
  allow: Pair[];
}

/** What one message contributed: pairs found and expected, found and not accepted, expected and missed. */
export interface CaseScore {
  id: string;
  tp: Pair[];
  fp: Pair[];
  fn: Pair[];
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Metrics extends Counts {
  /** null when undefined (no prediction, or nothing expected). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface EvalReport {
  byType: Record<EntityType, Metrics>;
  overall: Metrics;
  cases: CaseScore[];
}

const TYPE_SET: ReadonlySet<string> = new Set(ENTITY_TYPES);

function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && TYPE_SET.has(value);
}

function parsePairs(raw: unknown, where: string): Pair[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`${where} : tableau attendu`);
  return raw.map((item: unknown) => {
    if (!Array.isArray(item) || item.length !== 2 || typeof item[1] !== 'string' || !isEntityType(item[0])) {
      throw new Error(`${where} : paire invalide ${JSON.stringify(item)}`);
    }
    return [item[0], item[1]] as const;
  });
}

/**
 * Parses a JSONL evaluation set (corpus format); throws with the line number on a malformed line.
 */
export function parseEvalSet(content: string): EvalCase[] {
  const cases: EvalCase[] = [];
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `ligne ${index + 1}`;
    const raw: unknown = JSON.parse(line);
    if (typeof raw !== 'object' || raw === null) throw new Error(`${where} : objet attendu`);
    const o = raw as Record<string, unknown>;
    for (const key of ['id', 'now', 'departement', 'text'] as const) {
      if (typeof o[key] !== 'string') throw new Error(`${where} : champ "${key}" manquant`);
    }
    cases.push({
      id: o.id as string,
      now: o.now as string,
      departement: o.departement as string,
      text: o.text as string,
      expect: parsePairs(o.expect, `${where} expect`),
      allow: parsePairs(o.allow, `${where} allow`),
    });
  });
  return cases;
}

const keyOf = (type: string, value: string): string => `${type}\u0000${value}`;

/**
 * Scores one message: predicted pairs (deduplicated, unknown types ignored) against expect/allow.
 * A predicted pair that is only allowed counts neither as a hit nor as an error.
 */
export function scoreCase(
  evalCase: Pick<EvalCase, 'id' | 'expect' | 'allow'>,
  predicted: ReadonlyArray<{ type: string; value: string }>,
): CaseScore {
  const expected = new Map(evalCase.expect.map((p) => [keyOf(p[0], p[1]), p]));
  const allowed = new Set(evalCase.allow.map((p) => keyOf(p[0], p[1])));
  const found = new Map<string, Pair>();
  for (const { type, value } of predicted) {
    if (isEntityType(type)) found.set(keyOf(type, value), [type, value]);
  }
  const score: CaseScore = { id: evalCase.id, tp: [], fp: [], fn: [] };
  for (const [key, pair] of found) {
    if (expected.has(key)) score.tp.push(pair);
    else if (!allowed.has(key)) score.fp.push(pair);
  }
  for (const [key, pair] of expected) {
    if (!found.has(key)) score.fn.push(pair);
  }
  return score;
}

/** Precision, recall and F1 from counts; a ratio with a zero denominator is null. */
export function computeMetrics({ tp, fp, fn }: Counts): Metrics {
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  let f1: number | null = null;
  if (precision !== null && recall !== null) {
    f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  } else if (tp + fp + fn > 0) {
    f1 = 0;
  }
  return { tp, fp, fn, precision, recall, f1 };
}

/** Aggregates per-message scores per type and micro-averaged over all types. */
export function aggregateScores(cases: CaseScore[]): EvalReport {
  const counts = Object.fromEntries(ENTITY_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }])) as Record<
    EntityType,
    Counts
  >;
  for (const c of cases) {
    for (const [type] of c.tp) counts[type].tp++;
    for (const [type] of c.fp) counts[type].fp++;
    for (const [type] of c.fn) counts[type].fn++;
  }
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  for (const t of ENTITY_TYPES) {
    total.tp += counts[t].tp;
    total.fp += counts[t].fp;
    total.fn += counts[t].fn;
  }
  const byType = Object.fromEntries(ENTITY_TYPES.map((t) => [t, computeMetrics(counts[t])])) as Record<
    EntityType,
    Metrics
  >;
  return { byType, overall: computeMetrics(total), cases };
}

const pct = (x: number | null): string => (x === null ? '—' : x.toFixed(3));

/** Renders the per-type table and the micro-average as fixed-width text. */
export function formatReport(report: EvalReport): string {
  const header = ['type', 'TP', 'FP', 'FN', 'précision', 'rappel', 'F1'];
  const rows = ENTITY_TYPES.map((t) => {
    const m = report.byType[t];
    return [t, String(m.tp), String(m.fp), String(m.fn), pct(m.precision), pct(m.recall), pct(m.f1)];
  });
  const o = report.overall;
  const footer = [
    'micro (total)',
    String(o.tp),
    String(o.fp),
    String(o.fn),
    pct(o.precision),
    pct(o.recall),
    pct(o.f1),
  ];
  const all = [header, ...rows, footer];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const render = (r: string[]): string =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [render(header), rule, ...rows.map(render), rule, render(footer)].join('\n');
}

const showPairs = (pairs: Pair[]): string => pairs.map(([t, v]) => `${t}=${v}`).join(', ');

/** Lists, per message, its false positives and false negatives (messages without error are skipped). */
export function formatErrors(report: EvalReport, cases: EvalCase[]): string {
  const textById = new Map(cases.map((c) => [c.id, c.text]));
  const lines: string[] = [];
  for (const c of report.cases) {
    if (c.fp.length === 0 && c.fn.length === 0) continue;
    lines.push(`${c.id}  ${textById.get(c.id) ?? ''}`);
    if (c.fp.length > 0) lines.push(`    FP : ${showPairs(c.fp)}`);
    if (c.fn.length > 0) lines.push(`    FN : ${showPairs(c.fn)}`);
  }
  return lines.join('\n');
}

interface CliOptions {
  file: string;
  verbose: boolean;
  minF1: number | null;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = {
    file: path.join(repoRoot, 'test/fixtures/extraction-eval.jsonl'),
    verbose: false,
    minF1: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--verbose' || arg === '-v') options.verbose = true;
    else if (arg === '--corpus') options.file = path.resolve(repoRoot, 'test/fixtures/corpus-examples.jsonl');
    else if (arg === '--min-f1') {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value)) throw new Error('--min-f1 attend un nombre entre 0 et 1');
      options.minF1 = value;
    } else if (arg.startsWith('--')) throw new Error(`option inconnue : ${arg}`);
    else options.file = path.resolve(arg);
  }
  return options;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(options.file)) {
    console.error(`Fichier introuvable : ${options.file}`);
    return 2;
  }
  const cases = parseEvalSet(readFileSync(options.file, 'utf8'));
  // Loaded here, not at the top, so the scoring functions stay importable (and testable) on their own.
  const { extractEntities } = await import('../src/extraction/index.ts');
  const scores: CaseScore[] = [];
  const failures: string[] = [];
  const started = performance.now();
  for (const c of cases) {
    let predicted: ReadonlyArray<{ type: string; value: string }> = [];
    try {
      predicted = extractEntities(c.text, { now: c.now, departement: c.departement });
    } catch (error) {
      failures.push(`${c.id} : ${error instanceof Error ? error.message : String(error)}`);
    }
    scores.push(scoreCase(c, predicted));
  }
  const elapsed = performance.now() - started;
  const report = aggregateScores(scores);
  console.log(`${path.relative(process.cwd(), options.file)} : ${cases.length} messages`);
  console.log('');
  console.log(formatReport(report));
  console.log('');
  console.log(
    `durée d'extraction : ${elapsed.toFixed(0)} ms (${(elapsed / Math.max(1, cases.length)).toFixed(2)} ms/message)`,
  );
  if (failures.length > 0) {
    console.log(`\n${failures.length} message(s) en erreur (comptés sans prédiction) :`);
    for (const f of failures) console.log(`  ${f}`);
  }
  if (options.verbose) {
    const errors = formatErrors(report, cases);
    console.log(`\n${errors === '' ? 'Aucune erreur.' : errors}`);
  }
  if (options.minF1 !== null && (report.overall.f1 ?? 0) < options.minF1) {
    console.error(`\nF1 global ${pct(report.overall.f1)} < seuil ${options.minF1}`);
    return 1;
  }
  return 0;
}

if (import.meta.main) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 2;
    },
  );
}
