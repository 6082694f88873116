/**
 * Whether an error means the database cannot be reached right now (restarting, failing over, its
 * connections terminated, or refusing new ones): the request was not carried out and may be retried.
 * SQLSTATE class 08 (connection exception), 57P01–57P03 (shutdown, crash, starting up), 53300 (too many
 * connections), and the socket-level failures of node-postgres.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const failure = error as { code?: unknown; message?: unknown } | null;
  const code = typeof failure?.code === 'string' ? failure.code : '';
  if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))
    return true;
  const message = typeof failure?.message === 'string' ? failure.message : '';
  return /Connection terminated|timeout exceeded when trying to connect|not queryable|Client was closed|Connection ended unexpectedly/i.test(
    message,
  );
}
