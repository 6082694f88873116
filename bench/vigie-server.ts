/** Vigie as the benchmark runs it: the real server, logs at warn, on a free port. Prints its port. */
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server.ts';

const server = await startServer(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' }));
process.stdout.write(`PORT ${new URL(server.url).port}\n`);
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
