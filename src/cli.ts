import { loadConfig } from './config.ts';
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
  help                  affiche cette aide

Sans DATABASE_URL, Vigie utilise un PostgreSQL intégré dont les données sont dans ./data
(VIGIE_DATA_DIR pour changer). Les commandes fonctionnent que le serveur tourne ou non.`;

async function serve(): Promise<number> {
  const config = loadConfig();
  const server = await startServer(config);
  server.app.log.info(`Vigie est prêt : ${server.url}`);
  process.stdout.write(`Vigie est prêt : ${server.url}\n`);
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
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  return new Promise(() => {});
}

async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const database = await openDatabase(config, (message) => process.stderr.write(`${message}\n`));
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
