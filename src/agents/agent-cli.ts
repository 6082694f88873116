import { verifyAuditChain } from '../audit/verify-audit-chain.ts';
import { loadConfig } from '../config.ts';
import { type KeyRing, loadKeyRing } from '../crypto/master-key.ts';
import type { Db } from '../db/database.ts';
import { openDatabase } from '../db/open-database.ts';
import { AppError } from '../errors.ts';
import { listUnits } from '../units/unit.repo.ts';
import { createAgent } from './create-agent.ts';
import { disableAgent } from './disable-agent.ts';

/**
 * The administration commands of the console: `vigie agent`, `vigie units`, `vigie audit`. Each opens the
 * database the way `vigie migrate` does (the embedded PostgreSQL of the data directory is shared with a
 * running server, or started for the command), so they work with or without a server.
 */

export const AGENT_USAGE = `Usage : npx vigie agent create --username IDENTIFIANT --role ROLE [--unit CODE]... [--password MOT_DE_PASSE]
        npx vigie agent disable IDENTIFIANT`;
export const UNITS_USAGE = 'Usage : npx vigie units list [--json]';
export const AUDIT_USAGE = 'Usage : npx vigie audit verify';

class UsageError extends Error {}

interface CliDeps {
  db: Db;
  keys: KeyRing;
  now: () => Date;
}

interface ParsedArgs {
  values: Map<string, string[]>;
  flags: Set<string>;
  positionals: string[];
}

/** `--name value`, `--name=value` (repeatable) and bare flags; anything else unknown is a usage error. */
function parseArgs(args: string[], spec: { values?: string[]; flags?: string[] }): ParsedArgs {
  const parsed: ParsedArgs = { values: new Map(), flags: new Set(), positionals: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--')) {
      parsed.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (spec.flags?.includes(name) && equals < 0) {
      parsed.flags.add(name);
    } else if (spec.values?.includes(name)) {
      const value = equals > 0 ? arg.slice(equals + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`L'option ${name} attend une valeur.`);
      parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`Option inconnue : ${arg}`);
    }
  }
  return parsed;
}

function single(parsed: ParsedArgs, name: string): string | undefined {
  const values = parsed.values.get(name);
  if (values && values.length > 1) throw new UsageError(`L'option ${name} ne peut être donnée qu'une fois.`);
  return values?.[0];
}

function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}

/** Opens the database for one command (as the server's role, or as the owner) and always closes it. */
async function withDatabase<T>(asOwner: boolean, run: (deps: CliDeps) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const keys = await loadKeyRing(config);
  const database = await openDatabase(config, (message) => process.stderr.write(`${message}\n`), {
    appRolePassword: keys.appRolePassword,
    asOwner,
    poolSize: 2,
  });
  try {
    return await run({ db: database.db, keys, now: () => new Date() });
  } finally {
    await database.close();
  }
}

/** Usage errors exit with 2, refusals the person can correct (AppError) with 1; anything else is thrown. */
async function runCommand(usage: string, command: () => Promise<number>): Promise<number> {
  try {
    return await command();
  } catch (error) {
    if (error instanceof UsageError) {
      await write(process.stderr, `${error.message}\n\n${usage}\n`);
      return 2;
    }
    if (error instanceof AppError) {
      await write(process.stderr, `${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** `vigie agent create|disable`; returns the exit code. */
export function runAgentCommand(args: string[]): Promise<number> {
  return runCommand(AGENT_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub === 'create') return createAgentCommand(rest);
    if (sub === 'disable') return disableAgentCommand(rest);
    throw new UsageError(sub ? `Sous-commande inconnue : agent ${sub}` : 'Sous-commande manquante.');
  });
}

async function createAgentCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, { values: ['--username', '--role', '--unit', '--password'] });
  if (parsed.positionals.length > 0) throw new UsageError(`Argument inattendu : ${parsed.positionals[0]}`);
  const username = single(parsed, '--username');
  const role = single(parsed, '--role');
  if (!username || !role) throw new UsageError('Indiquez --username et --role.');
  const unitCodes = (parsed.values.get('--unit') ?? []).flatMap((code) => code.split(',')).filter(Boolean);
  const created = await withDatabase(false, (deps) =>
    createAgent(deps, { username, role, unitCodes, password: single(parsed, '--password') }),
  );
  // One line of JSON, so a script can hand it on; the secrets are shown here once and stored nowhere in clear.
  await write(process.stdout, `${JSON.stringify(created)}\n`);
  await write(
    process.stderr,
    `Compte « ${created.username} » créé. Remettez-lui ce mot de passe et ce secret TOTP : ils ne seront plus affichés.\n`,
  );
  return 0;
}

async function disableAgentCommand(args: string[]): Promise<number> {
  const parsed = parseArgs(args, {});
  const [username, extra] = parsed.positionals;
  if (!username || extra !== undefined) throw new UsageError('Indiquez un seul identifiant.');
  const { sessionsEnded } = await withDatabase(false, (deps) => disableAgent(deps, { username }));
  await write(
    process.stdout,
    `Compte « ${username.trim().toLowerCase()} » désactivé ; ${sessionsEnded} session(s) fermée(s).\n`,
  );
  return 0;
}

/** `vigie units list [--json]`; returns the exit code. */
export function runUnitsCommand(args: string[]): Promise<number> {
  return runCommand(UNITS_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub !== 'list')
      throw new UsageError(sub ? `Sous-commande inconnue : units ${sub}` : 'Sous-commande manquante.');
    const parsed = parseArgs(rest, { flags: ['--json'] });
    if (parsed.positionals.length > 0) throw new UsageError(`Argument inattendu : ${parsed.positionals[0]}`);
    const units = await withDatabase(false, (deps) => listUnits(deps.db));
    if (parsed.flags.has('--json')) {
      const view = units.map((u) => ({ code: u.code, name: u.name, departements: u.departements }));
      await write(process.stdout, `${JSON.stringify(view)}\n`);
    } else {
      await write(process.stdout, unitsTable(units));
    }
    return 0;
  });
}

function unitsTable(
  units: { code: string; name: string; kind: string; departements: string[]; categories: string[] }[],
): string {
  const header = ['Code', 'Nom', 'Type', 'Départements', 'Catégories'];
  const rows = units.map((u) => [
    u.code,
    u.name,
    u.kind,
    u.departements.join(', ') || '—',
    u.categories.join(', ') || '—',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)),
  );
  const line = (cells: string[]) =>
    `${cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()}\n`;
  if (rows.length === 0) return 'Aucune unité.\n';
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('');
}

/** `vigie audit verify`: walks the whole chain as the owner; exit 1 names every broken record. */
export function runAuditCommand(args: string[]): Promise<number> {
  return runCommand(AUDIT_USAGE, async () => {
    const [sub, ...rest] = args;
    if (sub !== 'verify')
      throw new UsageError(sub ? `Sous-commande inconnue : audit ${sub}` : 'Sous-commande manquante.');
    if (rest.length > 0) throw new UsageError(`Argument inattendu : ${rest[0]}`);
    // As the owner: the verification must read the trail as stored, whatever the server's role may see.
    const report = await withDatabase(true, (deps) => verifyAuditChain(deps.db));
    const records = `${report.records} enregistrement${report.records > 1 ? 's' : ''}`;
    if (report.problems.length === 0) {
      await write(process.stdout, `Journal d'audit intègre : ${records}, tête ${report.head ?? '(vide)'}\n`);
      return 0;
    }
    const lines = report.problems.map(
      (p) =>
        `enregistrement ${p.id} : ${
          p.kind === 'modified'
            ? 'modifié'
            : 'chaînage rompu (enregistrement supprimé, inséré ou déplacé avant lui)'
        }`,
    );
    await write(
      process.stderr,
      `Journal d'audit altéré (${records} vérifiés, ${report.problems.length} anomalie(s)) :\n${lines.join('\n')}\n`,
    );
    return 1;
  });
}
