import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressGuard } from './address-guard';

export interface SendResult {
  statusCode: number | null;
  /** Why there is no 2xx: the refusal, the network error, the timeout, or the status. */
  error: string | null;
  durationMs: number;
}

/** Bytes of a receiver's answer read (and dropped) at most: only its status matters. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Kept-alive connections, one pool per (scheme, host, pinned address): a pooled connection always
 * goes to the address that passed the guard, so keeping it cannot undo the pinning, and a busy
 * receiver is not paid a TCP (and TLS) handshake per event.
 */
export class Connections {
  private readonly agents = new Map<string, HttpAgent>();

  agentFor(target: URL, pinned: LookupAddress): HttpAgent {
    const key = `${target.protocol}//${target.host}|${pinned.address}`;
    let agent = this.agents.get(key);
    if (!agent) {
      if (this.agents.size >= MAX_AGENTS) {
        const [oldest, old] = this.agents.entries().next().value as [string, HttpAgent];
        old.destroy();
        this.agents.delete(oldest);
      }
      const lookup: LookupFunction = (_host, options, callback) => {
        if ((options as { all?: boolean }).all) (callback as (e: null, a: LookupAddress[]) => void)(null, [pinned]);
        else callback(null, pinned.address, pinned.family);
      };
      const options = { keepAlive: true, maxSockets: 8, timeout: 30_000, lookup };
      agent = target.protocol === 'https:' ? new HttpsAgent(options) : new HttpAgent(options);
      this.agents.set(key, agent);
    }
    return agent;
  }

  /** Closes every kept-alive connection (at shutdown). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

const MAX_AGENTS = 256;

/** All addresses of `host`, as the system resolver gives them (hosts file, DNS). */
function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (e, addresses) => (e ? reject(e) : resolve(addresses))));
}

/**
 * One POST of a webhook body, guarded against SSRF: the host is resolved here, at delivery time, and
 * every address it resolves to must pass the guard; the connection then goes to that very address (a
 * pinned `lookup`, and a connection pool of that address only), so a name that re-resolves elsewhere between check and connect (DNS rebinding)
 * cannot switch it. TLS still verifies the certificate against the URL's host name. Redirects are not
 * followed (a 3xx is a failed attempt). The whole attempt is bounded by `timeoutMs`.
 *
 * node:http rather than fetch: Node's built-in fetch takes no per-request `lookup`, and the undici
 * package (whose Agent does) is not a dependency of this project.
 */
export async function sendWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  guard: AddressGuard,
  timeoutMs: number,
  connections: Connections,
): Promise<SendResult> {
  const started = Date.now();
  const done = (statusCode: number | null, error: string | null): SendResult => ({ statusCode, error, durationMs: Date.now() - started });
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  let pinned: LookupAddress;
  try {
    const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolveAll(host);
    const refused = addresses.map((a) => guard.refusal(a.address)).find((r) => r !== null);
    if (refused) return done(null, `refused: ${host} → ${refused}`);
    if (addresses.length === 0) return done(null, `${host} has no address`);
    pinned = addresses[0];
  } catch (e) {
    return done(null, `cannot resolve ${host}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const agent = connections.agentFor(target, pinned);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const req = request(
      target,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'grid-dispatch-webhooks/1',
          ...headers,
        },
      },
      (res: IncomingMessage) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) res.destroy();
        });
        const status = res.statusCode ?? 0;
        const answered = () => finish(done(status, status >= 200 && status < 300 ? null : `HTTP ${status}`));
        res.on('end', answered);
        res.on('close', answered);
        res.on('error', answered);
      },
    );
    const timer = setTimeout(() => {
      req.destroy();
      finish(done(null, `timeout after ${timeoutMs} ms`));
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish(done(null, e.code ?? e.message)));
    req.end(body);
  });
}
