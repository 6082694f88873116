import { createInterface } from 'node:readline';
import { DEFAULT_DEPARTEMENT, extractEntities, resolveNow } from './index.ts';
import type { Entity } from './types.ts';

const USAGE = 'Usage : vigie extract [--now AAAA-MM-JJTHH:MM:SS+01:00] [--departement NN] [--jsonl]';
const DEPARTEMENT = /^(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-8]|98[46-9])$/i;

interface ExtractArgs {
  now?: string;
  departement: string;
  jsonl: boolean;
}

class UsageError extends Error {}

function parseArgs(args: string[]): ExtractArgs {
  const parsed: ExtractArgs = { departement: DEFAULT_DEPARTEMENT, jsonl: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`L'option ${flag} attend une valeur.`);
      return v;
    };
    if (flag === '--jsonl') parsed.jsonl = true;
    else if (flag === '--now') parsed.now = value();
    else if (flag === '--departement') parsed.departement = value();
    else throw new UsageError(`Option inconnue : ${arg}`);
  }
  if (parsed.now !== undefined) checkNow(parsed.now);
  if (!DEPARTEMENT.test(parsed.departement)) {
    throw new UsageError(
      `Département invalide : « ${parsed.departement} » (attendu : deux chiffres, 2A, 2B ou 97x).`,
    );
  }
  parsed.departement = parsed.departement.toUpperCase();
  return parsed;
}

function checkNow(now: string): void {
  // ISO 8601 only: "2026-03-10", "2026-03-10T12:00:00+01:00", "2026-03-10T11:00:00Z".
  if (
    !/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(now) ||
    Number.isNaN(Date.parse(now))
  ) {
    throw new UsageError(
      `Date de référence invalide pour --now : « ${now} » (attendu : ISO 8601, par ex. 2026-03-10T12:00:00+01:00).`,
    );
  }
}

function write(stream: NodeJS.WritableStream, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(`${line}\n`, (err) => (err ? reject(err) : resolve()));
  });
}

async function readAll(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: string[] = [];
  input.setEncoding?.('utf8');
  for await (const chunk of input)
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return chunks.join('');
}

interface LineError {
  code: string;
  message: string;
}

/** Extracts one jsonl line: {"id","text","now"?,"departement"?}; fields override the flags. */
function processLine(
  line: string,
  defaults: ExtractArgs,
): { id: unknown; entities?: Entity[]; error?: LineError } {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return { id: null, error: { code: 'json_invalide', message: 'Ligne JSON invalide.' } };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return {
      id: null,
      error: { code: 'entree_invalide', message: 'Chaque ligne doit être un objet JSON {"id", "text"}.' },
    };
  }
  const { id = null, text, now, departement } = record as Record<string, unknown>;
  if (typeof text !== 'string') {
    return { id, error: { code: 'texte_manquant', message: 'Le champ "text" (chaîne) est obligatoire.' } };
  }
  if (now !== undefined && now !== null && (typeof now !== 'string' || Number.isNaN(Date.parse(now)))) {
    return {
      id,
      error: { code: 'date_invalide', message: `Date de référence invalide : « ${String(now)} ».` },
    };
  }
  if (
    departement !== undefined &&
    departement !== null &&
    (typeof departement !== 'string' || !DEPARTEMENT.test(departement))
  ) {
    return {
      id,
      error: { code: 'departement_invalide', message: `Département invalide : « ${String(departement)} ».` },
    };
  }
  const entities = extractEntities(text, {
    now: typeof now === 'string' ? now : defaults.now,
    departement: typeof departement === 'string' ? departement.toUpperCase() : defaults.departement,
  });
  return { id, entities };
}

/**
 * The `vigie extract` command. Without --jsonl, stdin is one message and one line {"entities":[…]} is printed;
 * with --jsonl, each line {"id","text","now"?,"departement"?} gives a line {"id","entities":[…]} (or
 * {"id","error":{"code","message"}}). Returns the exit code: 0, or 2 for bad arguments or any bad line.
 */
export async function runExtractCommand(
  args: string[],
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let options: ExtractArgs;
  try {
    options = parseArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    await write(errors, `Erreur : ${err.message}\n${USAGE}`);
    return 2;
  }
  if (!options.jsonl) {
    const text = await readAll(input);
    const entities = extractEntities(text.replace(/\r?\n$/, ''), {
      now: options.now,
      departement: options.departement,
    });
    await write(output, JSON.stringify({ entities }));
    return 0;
  }
  let failed = 0;
  let lineNumber = 0;
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  const buffered: string[] = [];
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const result = processLine(line, options);
    if (result.error) {
      failed++;
      await write(errors, `Erreur ligne ${lineNumber} : ${result.error.message}`);
      buffered.push(JSON.stringify({ id: result.id, error: result.error }));
    } else {
      buffered.push(JSON.stringify({ id: result.id, entities: result.entities }));
    }
    if (buffered.length >= 256) await write(output, buffered.splice(0).join('\n'));
  }
  if (buffered.length > 0) await write(output, buffered.join('\n'));
  return failed > 0 ? 2 : 0;
}

export { resolveNow };
