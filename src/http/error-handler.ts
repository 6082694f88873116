import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from '../db/database-unavailable.ts';
import { AppError, type ErrorCode, errorBody, errorCatalog } from '../errors.ts';
import type {} from './api-schemas.ts';

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
 * One error handler for the whole app: JSON `{"error":{code,message}}` for the API, an HTML page for the
 * citizen site (rendered by the web module). Unexpected errors are logged without request details.
 */
export function registerErrorHandler(app: FastifyInstance, renderHtml?: HtmlErrorRenderer): void {
  app.setErrorHandler((error, request, reply) => {
    const clientError = toClientError(error, request.routeOptions.config?.invalidInputMessage);
    if (clientError.code === 'overloaded') {
      signalOverload(reply, error);
    } else if (clientError.status >= 500) {
      request.log.error({ err: error }, 'erreur interne');
    }
    if (renderHtml && !request.url.startsWith('/api/') && request.url !== '/healthz') {
      return renderHtml(request, reply, clientError.message, clientError.status);
    }
    return reply.status(clientError.status).send(errorBody(clientError.code, clientError.message));
  });
  app.setNotFoundHandler((request, reply) => {
    if (renderHtml && !request.url.startsWith('/api/')) {
      return renderHtml(request, reply, "Cette page n'existe pas.", 404);
    }
    return reply.status(404).send(errorBody('not_found'));
  });
}
