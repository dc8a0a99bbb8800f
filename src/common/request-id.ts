import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An incoming id is kept only if it is a short token safe to log and echo (a proxy's or a client's). */
const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * pino-http's `genReqId`: every request gets an id, logged with each line about it and returned as
 * `X-Request-Id`, so a client's report of an error leads to its log line.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}
