import { Agent, request } from 'node:http';

/** The simulator's requests to its own service: plain HTTP, one connection each, bounded in time. */

export interface Answer {
  status: number;
  body: unknown;
  /** `Retry-After` in ms (429, 503). */
  retryAfterMs?: number;
}

/**
 * No keep-alive: an idle pooled connection would hold the server's close (app.close, SIGINT's drain)
 * for its keep-alive timeout; the simulator is gentle enough not to need the pool.
 */
const agent = new Agent({ keepAlive: false });
const TIMEOUT_MS = 10_000;

export function send(base: URL, method: 'GET' | 'POST', path: string, token: string | null, body: unknown, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      new URL(path, base),
      {
        method,
        agent,
        signal,
        timeout: TIMEOUT_MS,
        headers: {
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}),
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const parsed = parseJson(text);
          const retry = Number(res.headers['retry-after']);
          resolve({ status: res.statusCode ?? 0, body: parsed, ...(Number.isFinite(retry) && retry > 0 ? { retryAfterMs: retry * 1000 } : {}) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** The body as JSON; as text when it is not (a proxy's HTML error page). */
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
