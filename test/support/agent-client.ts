import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import { createAgent } from '../../src/agents/create-agent.ts';
import { currentTotp } from '../../src/agents/totp.ts';
import type { AppDeps } from '../../src/app-deps.ts';

type Deps = Pick<AppDeps, 'db' | 'keys' | 'now'>;

let accounts = 0;

/**
 * Creates a fresh account of this role (and unit: analysts and supervisors default to CROS25, operators
 * join the platform, an administrator has none) and signs it in once, at the app's clock. A new account
 * every time, so that the single-use TOTP step never gets in the way.
 */
export async function signInAs(
  app: FastifyInstance,
  deps: Deps,
  { role, unit }: { role: 'operateur' | 'analyste' | 'superviseur' | 'admin'; unit?: string },
): Promise<{ cookie: string; username: string }> {
  const username = `${role}-${++accounts}-${randomBytes(3).toString('hex')}`;
  const password = `Sel-de-Salins-${randomBytes(6).toString('hex')}`;
  const unitCodes = role === 'admin' || role === 'operateur' ? (unit ? [unit] : []) : [unit ?? 'CROS25'];
  const created = await createAgent(deps, { username, role, unitCodes, password });
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password, totp: currentTotp(created.totpSecret, deps.now()) },
  });
  assert.equal(response.statusCode, 200, response.body);
  const value = response.cookies.find((c) => c.name === 'vigie_console')?.value;
  assert.ok(value, 'cookie vigie_console');
  return { cookie: `vigie_console=${value}`, username };
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A request of the agent API with the console cookie (a JSON body for writes, as the console sends). */
export function agentRequest(
  app: FastifyInstance,
  cookie: string,
  method: string,
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const write = WRITES.has(method.toUpperCase());
  return app.inject({
    method: method.toUpperCase() as InjectOptions['method'],
    url,
    headers: { cookie, ...(write && { 'content-type': 'application/json' }) },
    ...(payload !== undefined && { payload: JSON.stringify(payload) }),
  });
}

/** The first words of a report filed by `fileReport`: a plate and a phone the extractor normalizes. */
export const REPORT_PLATE = 'GH-482-KL';
export const REPORT_PHONE = '+33612345678';

/** The citizen's description of a drug point in `commune` (a name the extractor knows). */
export function drugReportText(commune: string): string {
  return (
    `Tous les soirs vers 21h trois jeunes vendent du shit et de la coke devant le hall du 12 rue Pasteur à ${commune}. ` +
    'Un guetteur en survêtement noir, un scooter T-Max blanc immatriculé GH 482 KL. ' +
    'Commandes au 06 12 34 56 78 et sur Snap @plug_test, 10 euros le joint.'
  );
}

/** A small PNG, as a phone would send it. */
export function smallPng(): Promise<Buffer> {
  return sharp({ create: { width: 16, height: 12, channels: 3, background: '#2a6f4e' } })
    .png()
    .toBuffer();
}

/** Uploads a photo to an open conversation as its citizen (multipart, as the site does). */
export function uploadPhoto(
  app: FastifyInstance,
  conversation: { id: string; token: string },
  bytes: Buffer,
  type = 'image/png',
) {
  const boundary = `----vigie${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo.png"\r\n` +
        `Content-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: `/api/v1/conversations/${conversation.id}/attachments`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      authorization: `Bearer ${conversation.token}`,
    },
    payload,
  });
}

export interface FiledReport {
  conversationId: string;
  /** The token of the device that filed it. */
  token: string;
  receipt: string;
  reportId: string;
  /** The id of the citizen's description (the message the facts come from). */
  describedMessageId: string;
  attachmentId?: string;
}

/**
 * A citizen files a drug report as in test/api/citizen-api.test.ts: category, a free description
 * naming the commune (Besançon → CROS25, Dole → CROS39 by the routing table), optionally a photo, then
 * submission. The report is held by the reception platform (PNAV) until an operator transmits it.
 */
export async function fileReport(
  app: FastifyInstance,
  deps: Pick<AppDeps, 'db'>,
  { commune = 'Besançon', photo = false }: { commune?: string; photo?: boolean } = {},
): Promise<FiledReport> {
  const started = await app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  assert.equal(started.statusCode, 201, started.body);
  const { id, token } = started.json() as { id: string; token: string };
  const post = (path: string, payload?: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload && { payload }),
    });
  const chosen = await post('/messages', { option: 'stupefiants' });
  assert.equal(chosen.statusCode, 201, chosen.body);
  const described = await post('/messages', { text: drugReportText(commune) });
  assert.equal(described.statusCode, 201, described.body);
  const describedMessageId = (described.json() as { messages: { id: string }[] }).messages[0]?.id as string;
  let attachmentId: string | undefined;
  if (photo) {
    const uploaded = await uploadPhoto(app, { id, token }, await smallPng());
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    attachmentId = (uploaded.json() as { id: string }).id;
  }
  const submitted = await post('/submit');
  assert.equal(submitted.statusCode, 201, submitted.body);
  const { receipt } = submitted.json() as { receipt: string };
  const report = await deps.db
    .selectFrom('reports')
    .select('id')
    .where('conversation_id', '=', id)
    .executeTakeFirstOrThrow();
  return {
    conversationId: id,
    token,
    receipt,
    reportId: report.id,
    describedMessageId,
    ...(attachmentId && { attachmentId }),
  };
}

/** The citizen reopens their report with the receipt: a fresh token for the same conversation. */
export async function followUp(
  app: FastifyInstance,
  receipt: string,
): Promise<{ id: string; token: string }> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/followup', payload: { receipt } });
  assert.equal(response.statusCode, 200, response.body);
  return response.json() as { id: string; token: string };
}

/** Parsed server-sent events. */
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: unknown;
}

export interface OpenedStream {
  status: number;
  headers: Headers;
  /** Reads events until `until` holds or the timeout passes; resolves with every event read so far. */
  waitFor(until: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<SseEvent[]>;
  close(): void;
}

/**
 * Opens an SSE stream on a listening server with fetch; resolves once the response has begun (the
 * server has read where the stream starts). Close it in a `finally`: the request is aborted.
 */
export async function openStream(url: string, headers: Record<string, string>): Promise<OpenedStream> {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const reader = response.status === 200 ? response.body?.getReader() : undefined;
  const decoder = new TextDecoder();
  let buffer = '';
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  const parse = () => {
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields: Record<string, string> = {};
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        fields[line.slice(0, colon)] = line.slice(colon + 1).trim();
      }
      if (fields.event && fields.data) {
        events.push({ event: fields.event, id: fields.id, data: JSON.parse(fields.data) });
      }
      end = buffer.indexOf('\n\n');
    }
  };
  if (!reader) await response.body?.cancel().catch(() => {});
  return {
    status: response.status,
    headers: response.headers,
    async waitFor(until, timeoutMs = 10_000) {
      if (!reader) return events;
      const deadline = Date.now() + timeoutMs;
      while (!until(events)) {
        const left = deadline - Date.now();
        if (left <= 0) break;
        let timer: NodeJS.Timeout | undefined;
        // A read still pending when the wait times out is kept for the next wait (or dropped on close).
        pending ??= reader.read().catch(() => ({ done: true as const, value: undefined }));
        const read = await Promise.race([
          pending,
          new Promise<'timeout'>((resolve) => {
            timer = setTimeout(() => resolve('timeout'), left);
          }),
        ]);
        clearTimeout(timer);
        if (read === 'timeout') break;
        pending = undefined;
        if (read.done) break;
        buffer += decoder.decode(read.value, { stream: true });
        parse();
      }
      return events;
    },
    close() {
      controller.abort();
    },
  };
}

/** The base URL of an app once it listens on a free port of the loopback. */
export async function listenOnce(app: FastifyInstance): Promise<string> {
  if (!app.server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  assert.ok(address && typeof address === 'object');
  return `http://127.0.0.1:${address.port}`;
}
