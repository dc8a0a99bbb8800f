/**
 * Failures that say "the database cannot be reached or cannot take the work now", not "this request
 * is wrong": the service answers 503 for them, and background loops back off instead of retrying
 * row by row.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

const SQLSTATES = new Set([
  '57P01', // admin_shutdown (fast shutdown, pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, recovering)
  '57014', // query_canceled (statement_timeout)
  '53300', // too_many_connections
  '53100', // disk_full
  '53200', // out_of_memory
]);

/** Errors raised by `pg` and `pg-pool` themselves when the connection is gone or never came. */
const MESSAGES = [
  /^Connection terminated/, // unexpectedly, due to connection timeout
  /^timeout exceeded when trying to connect/, // pg-pool connectionTimeoutMillis
  /^Query read timeout/, // query_timeout
  /is not queryable/, // a client whose connection already failed
  // TypeORM released a transaction's runner whose connection died while the transaction waited (a restart).
  /^Database connection provided by a query runner was already released/,
];

export function isDatabaseUnavailable(e: unknown): boolean {
  for (let err = e, depth = 0; err && typeof err === 'object' && depth < 4; depth++) {
    const { code, message } = err as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
    // TypeORM wraps the driver's error; AggregateError (several addresses refused) lists them.
    const next = err as { driverError?: unknown; cause?: unknown; errors?: unknown[] };
    err = next.driverError ?? next.cause ?? next.errors?.[0];
  }
  return false;
}
