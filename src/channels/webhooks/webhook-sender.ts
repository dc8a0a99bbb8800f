import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
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

/** All addresses of `host`, as the system resolver gives them (hosts file, DNS). */
function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (e, addresses) => (e ? reject(e) : resolve(addresses))));
}

/**
 * One POST of a webhook body, guarded against SSRF: the host is resolved here, at delivery time, and
 * every address it resolves to must pass the guard; the connection then goes to that very address (a
 * pinned `lookup`), so a name that re-resolves elsewhere between check and connect (DNS rebinding)
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
  const lookup: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: LookupAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
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
        lookup,
        agent: false, // a connection of its own: a pooled one might have been opened to another address
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
