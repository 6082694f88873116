import pino, { type Logger } from 'pino';

/**
 * Request logs carry the method, the route pattern and the status — never the client address, port,
 * User-Agent, forwarded headers, query string or ids from the URL (pino's default serializer writes
 * the remote address and headers: this replaces it).
 */
export const safeSerializers = {
  req(request: { method?: string; routeOptions?: { url?: string } }) {
    return { method: request.method, route: request.routeOptions?.url ?? 'inconnue' };
  },
  res(reply: { statusCode?: number }) {
    return { statusCode: reply.statusCode };
  },
  // Only what says what failed: pino's default keeps every field, and some errors carry the raw request
  // (Fastify's client errors: `rawPacket`, headers included) or a row (PostgreSQL's `detail`).
  err(error: {
    type?: string;
    constructor?: { name?: string };
    message?: string;
    stack?: string;
    code?: unknown;
  }) {
    return {
      type: error?.constructor?.name ?? 'Error',
      message: error?.message,
      stack: error?.stack,
      ...(typeof error?.code === 'string' && { code: error.code }),
    };
  },
};

/** The application logger; `destination` lets tests capture what would be written. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = { level, serializers: safeSerializers, base: undefined };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
