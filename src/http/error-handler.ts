import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { AppError, type ErrorCode, errorBody, errorCatalog } from '../errors.ts';
import type {} from './api-schemas.ts';
import { securityHeaders } from './security-headers.ts';

/**
 * Maps any thrown value to a code the client may see; internals (stack, SQL, paths) never leave.
 * `invalidInputMessage` is the route's own message for a body or query string its schema refuses.
 */
export function toClientError(
  error: unknown,
  invalidInputMessage?: string,
): { code: ErrorCode; message: string; status: number } {
  if (error instanceof AppError) return { code: error.code, message: error.message, status: error.status };
  if (error instanceof ZodError) {
    return { code: 'invalid_input', message: errorCatalog.invalid_input.message, status: 400 };
  }
  // The database is away (restart, failover): nothing was done, the client retries after Retry-After.
  if (isDatabaseUnavailable(error)) {
    return { code: 'overloaded', message: errorCatalog.overloaded.message, status: 503 };
  }
  const fastifyError = error as FastifyError;
  // A request refused by its route's schema (FST_ERR_VALIDATION). The validator's own words (English,
  // naming fields) never leave: the route says in French what to send.
  if (fastifyError?.validation) {
    const part = fastifyError.validationContext;
    const message =
      (part === 'body' || part === 'querystring' ? invalidInputMessage : undefined) ??
      errorCatalog.invalid_input.message;
    return { code: 'invalid_input', message, status: 400 };
  }
  switch (fastifyError?.code) {
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { code: 'not_found', message: errorCatalog.not_found.message, status: 404 };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', message: errorCatalog.payload_too_large.message, status: 413 };
    case 'FST_REQ_FILE_TOO_LARGE':
      return { code: 'file_too_large', message: errorCatalog.file_too_large.message, status: 413 };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return {
        code: 'unsupported_media_type',
        message: errorCatalog.unsupported_media_type.message,
        status: 415,
      };
    case 'FST_FILES_LIMIT':
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'bad_request', message: errorCatalog.bad_request.message, status: 400 };
  }
  if (fastifyError?.statusCode === 400 || (fastifyError instanceof SyntaxError && 'body' in fastifyError)) {
    return { code: 'bad_request', message: errorCatalog.bad_request.message, status: 400 };
  }
  return { code: 'internal_error', message: errorCatalog.internal_error.message, status: 500 };
}

const OVERLOADED_RETRY_AFTER_S = '2';
const OVERLOAD_LOG_INTERVAL_MS = 10_000;
let refusedSinceLog = 0;
let lastOverloadLog = 0;

/**
 * For a turn refused because the process is overloaded (expected, the client retries): Retry-After, and a
 * log line at most every 10 s with the number of refusals, so that operators see it without one line per
 * refusal adding to the load. Nothing of the request is logged.
 */
export function signalOverload(reply: FastifyReply, cause?: unknown): void {
  reply.header('retry-after', OVERLOADED_RETRY_AFTER_S);
  refusedSinceLog++;
  const now = Date.now();
  if (now - lastOverloadLog >= OVERLOAD_LOG_INTERVAL_MS) {
    const databaseAway = cause !== undefined && isDatabaseUnavailable(cause);
    reply.log.warn(
      { refused: refusedSinceLog, ...(databaseAway && { err: cause }) },
      databaseAway
        ? 'base de données injoignable : requêtes refusées (503 overloaded) jusqu’à son retour'
        : 'surcharge : messages refusés (503 overloaded)',
    );
    refusedSinceLog = 0;
    lastOverloadLog = now;
  }
}

export type HtmlErrorRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  message: string,
  status: number,
) => unknown;

/**
 * Longer than any address the site or the console builds (identifiers, a few filters): a longer one is
 * refused with 414 before any route reads it. Node's own limit (16 KB of request line and headers) comes
 * later and is answered by the client error handler below.
 */
export const MAX_URL_LENGTH = 2048;

const PAGE_NOT_FOUND = "Cette page n'existe pas.";

/** The API and the health check answer JSON; every other address is a page (citizen site, console). */
function answersJson(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  return path.startsWith('/api/') || path === '/healthz';
}

function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  renderHtml: HtmlErrorRenderer | undefined,
  clientError: { code: ErrorCode; message: string; status: number },
) {
  if (renderHtml && !answersJson(request.url)) {
    const message = clientError.code === 'not_found' ? PAGE_NOT_FOUND : clientError.message;
    return renderHtml(request, reply, message, clientError.status);
  }
  return reply.status(clientError.status).send(errorBody(clientError.code, clientError.message));
}

function sendNotFound(request: FastifyRequest, reply: FastifyReply, renderHtml?: HtmlErrorRenderer) {
  return sendError(request, reply, renderHtml, { code: 'not_found', ...errorCatalog.not_found });
}

/**
 * Answers any error through the catalogue. Only the unexpected (5xx) is logged at error level, and only
 * the error itself: the request appears through the logger's serializers (method and route pattern).
 */
function answerError(
  error: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  renderHtml: HtmlErrorRenderer | undefined,
) {
  const clientError = toClientError(error, request.routeOptions?.config?.invalidInputMessage);
  if (clientError.code === 'overloaded') {
    signalOverload(reply, error);
  } else if (clientError.status >= 500) {
    request.log.error({ err: error }, 'erreur interne');
  }
  return sendError(request, reply, renderHtml, clientError);
}

/**
 * One error handler for the whole app: JSON `{"error":{code,message}}` for the API, an HTML page for the
 * citizen site and the console (rendered by the web module). Unexpected errors are logged without request
 * details.
 */
export function registerErrorHandler(app: FastifyInstance, renderHtml?: HtmlErrorRenderer): void {
  app.addHook('onRequest', (request, _reply, done) => {
    done(request.url.length > MAX_URL_LENGTH ? new AppError('uri_too_long') : undefined);
  });
  app.setErrorHandler((error, request, reply) => answerError(error, request, reply, renderHtml));
  app.setNotFoundHandler((request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) {
      return answerError(new AppError('uri_too_long'), request, reply, renderHtml);
    }
    return sendNotFound(request, reply, renderHtml);
  });
}

/**
 * Fastify's `frameworkErrors`: what its router refuses before any route or hook runs (a malformed
 * percent-encoding, FST_ERR_BAD_URL; a path parameter over `maxParamLength`, FST_ERR_MAX_PARAM_LENGTH; a
 * failing constraint). Fastify's own answer is English JSON echoing the raw URL; this one goes through the
 * catalogue. No onSend hook runs for these replies, so the security headers are set here.
 */
export function frameworkErrorHandler(secure: boolean, renderHtml?: HtmlErrorRenderer) {
  const headers = securityHeaders(secure);
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(headers).header('cache-control', 'no-store');
    if (request.url.length > MAX_URL_LENGTH) {
      return answerError(new AppError('uri_too_long'), request, reply, renderHtml);
    }
    // An identifier longer than any we issue names nothing: the same answer as an unknown address.
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return sendNotFound(request, reply, renderHtml);
    return answerError(error, request, reply, renderHtml);
  };
}

const CLIENT_ERRORS: Record<string, ErrorCode> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
};

/**
 * Fastify's `clientErrorHandler`: what Node's HTTP parser refuses (malformed request line or header,
 * headers over 16 KB, a request that never finished arriving). There is no request object: a minimal
 * French JSON answer with the security headers is written to the socket, which is then closed. Nothing of
 * the raw input is echoed or logged (no address either: only the parser's error code, at debug level).
 */
export function clientErrorHandler(secure: boolean) {
  const headers = securityHeaders(secure);
  return function onClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const code = CLIENT_ERRORS[error.code ?? ''] ?? 'bad_request';
    this.log.debug({ code: error.code }, 'requête HTTP illisible refusée');
    // A response still due on this connection (a request pipelined before the bad one) would come after
    // ours or be cut short: writing nothing beats an answer the client would pair with the wrong request.
    const inFlight = (socket as Socket & { _httpMessage?: unknown })._httpMessage;
    if (!socket.writable || inFlight) {
      socket.destroy();
      return;
    }
    const { status } = errorCatalog[code];
    const body = JSON.stringify(errorBody(code));
    const head = Object.entries({
      ...headers,
      'cache-control': 'no-store',
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      connection: 'close',
    }).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}\r\n${body}`, () =>
      socket.destroy(),
    );
  };
}
