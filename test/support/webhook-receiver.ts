import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: { id: string; event: string; at: string; data: any };
  /** The X-Signature checked over the raw bytes with the secret, as a receiver does. */
  signatureValid: boolean;
}

/**
 * A webhook receiver on 127.0.0.1: it verifies each POST's signature over the raw body, keeps what
 * it got, and answers what `answer` says (default 200).
 */
export async function startReceiver(secret: string, port = 0) {
  const received: Received[] = [];
  let answer: (n: number) => number = () => 200;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
      const given = Buffer.from(String(req.headers['x-signature'] ?? ''));
      received.push({
        headers: req.headers,
        raw,
        body: JSON.parse(raw.toString('utf8')),
        signatureValid: given.length === expected.length && timingSafeEqual(given, expected),
      });
      res.statusCode = answer(received.length);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    /** The status for the n-th request received (1-based). */
    answerWith(f: (n: number) => number) {
      answer = f;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
