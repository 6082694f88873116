/**
 * The bare baseline of the benchmark: a plain node:http handler doing one INSERT per request in the same
 * database as Vigie. Prints its port on stdout once listening.
 */
import http from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id bigserial PRIMARY KEY, body text NOT NULL)');

const server = http.createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    pool
      .query('INSERT INTO bench_baseline (body) VALUES ($1)', [Buffer.concat(chunks).toString('utf8')])
      .then(
        () => {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end('{"ok":true}');
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
