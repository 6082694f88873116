/**
 * The bare baseline of the live-chat bench: a plain node:http SSE relay over the same LISTEN/NOTIFY
 * design as Vigie, without anything else (no authentication, encryption, audit or state).
 *
 * - POST /c/<conversation>/messages {author, text}: one statement inserts the row and NOTIFYs
 *   "<conversation>:<row id>" (delivered at its commit), answers 201 {id}.
 * - GET /c/<conversation>/events: an event stream; the process LISTENs once, and on each notification
 *   of its conversation a stream reads the row by id and writes `event: message` with it as JSON.
 *
 * Same database as Vigie, a pool of 10 as Vigie's. Prints its port on stdout once listening; several
 * processes may share the database (the second one to start finds the table).
 */
import http from 'node:http';
import pg from 'pg';

const CHANNEL = 'bench_chat';
const databaseUrl = process.env.DATABASE_URL;
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
await pool.query(`CREATE TABLE IF NOT EXISTS bench_chat (
  id bigserial PRIMARY KEY, conversation uuid NOT NULL, author text NOT NULL, body text NOT NULL,
  at timestamptz NOT NULL DEFAULT now())`);

type Wake = (id: string) => void;
const streams = new Map<string, Set<Wake>>();
const listener = new pg.Client({ connectionString: databaseUrl });
await listener.connect();
listener.on('notification', (message) => {
  const [conversation, id] = (message.payload ?? '').split(':');
  if (!conversation || !id) return;
  for (const wake of streams.get(conversation) ?? []) wake(id);
});
await listener.query(`LISTEN ${CHANNEL}`);

const ROUTE = /^\/c\/([0-9a-f-]{36})\/(messages|events)$/;

function post(conversation: string, request: http.IncomingMessage, response: http.ServerResponse) {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { author: string; text: string };
    pool
      .query<{ id: string }>(
        `WITH m AS (INSERT INTO bench_chat (conversation, author, body) VALUES ($1, $2, $3) RETURNING id)
         SELECT id, pg_notify($4, $1 || ':' || id) FROM m`,
        [conversation, body.author, body.text, CHANNEL],
      )
      .then(
        ({ rows }) => {
          response.writeHead(201, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ id: rows[0]?.id }));
        },
        () => {
          response.writeHead(500);
          response.end();
        },
      );
  });
}

function stream(conversation: string, response: http.ServerResponse) {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.write('retry: 2000\n\n');
  const wake: Wake = (id) => {
    pool
      .query<{ author: string; body: string }>('SELECT author, body FROM bench_chat WHERE id = $1', [id])
      .then(
        ({ rows }) => {
          const row = rows[0];
          if (!row) return;
          response.write(
            `event: message\nid: ${id}\ndata: ${JSON.stringify({ id, author: row.author, text: row.body })}\n\n`,
          );
        },
        () => response.end(),
      );
  };
  let set = streams.get(conversation);
  if (!set) {
    set = new Set();
    streams.set(conversation, set);
  }
  set.add(wake);
  const heartbeat = setInterval(() => response.write(': ping\n\n'), 20_000);
  response.on('close', () => {
    clearInterval(heartbeat);
    set.delete(wake);
    if (set.size === 0) streams.delete(conversation);
  });
}

const server = http.createServer((request, response) => {
  const match = ROUTE.exec(request.url ?? '');
  if (match && request.method === 'POST' && match[2] === 'messages')
    return post(match[1] as string, request, response);
  if (match && request.method === 'GET' && match[2] === 'events') return stream(match[1] as string, response);
  response.writeHead(404);
  response.end();
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`PORT ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => {
    Promise.all([pool.end(), listener.end()]).finally(() => process.exit(0));
  });
});
