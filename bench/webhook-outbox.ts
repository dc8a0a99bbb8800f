// Webhook outbox overhead on intake: saturated POST /api/cases with no webhook, then with one webhook
// for case.created pointing at a local always-200 receiver (each case one outbox row in its own
// transaction, one delivery and its record), then with none again once the backlog is sent (the
// baseline is the mean of the two runs without, so that warming up favours neither side). Without a
// webhook the outbox costs no statement at all.
// Usage: node -r ./bench/register.cjs bench/webhook-outbox.ts [seconds=15] [connections=20]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { saturate, token } from './intake';
import { benchDatabase, serveInChild } from './support';

export interface WebhookOutboxResult {
  seconds: number;
  connections: number;
  without: Awaited<ReturnType<typeof saturate>>;
  with: Awaited<ReturnType<typeof saturate>>;
  withoutAgain: Awaited<ReturnType<typeof saturate>>;
  /** with / mean of the two without, intake throughput. */
  ratio: number;
  /** POSTs the receiver got during the run with the webhook, and outbox rows pending when it stopped. */
  delivered: number;
  pendingAtEnd: number;
  /** How long the backlog took to send once the load stopped. */
  drainSeconds: number;
}

export async function runWebhookOutbox(seconds = 15, connections = 20): Promise<WebhookOutboxResult> {
  const db = await benchDatabase();
  let delivered = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      delivered++;
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const server = await serveInChild(db.url, { WEBHOOK_ALLOW_PRIVATE: 'true' });
  try {
    await saturate(db, [server], connections, 3); // warm-up: JIT, pool, caches
    const without = await saturate(db, [server], connections, seconds);
    const admin = await token(server.base, 'admin');
    const res = await fetch(`${server.base}/api/admin/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ url: hookUrl, events: ['case.created'], secret: 'bench-webhook-secret-0123' }),
    });
    if (res.status !== 201) throw new Error(`webhook registration: ${res.status} ${await res.text()}`);
    delivered = 0;
    const withHook = await saturate(db, [server], connections, seconds);
    const pending = async () =>
      Number((await db.sql.query(`SELECT count(*)::int AS n FROM webhook_outbox WHERE state = 'pending'`)).rows[0].n as number);
    const deliveredDuringLoad = delivered;
    const pendingAtEnd = await pending();
    const drainStart = Date.now();
    while ((await pending()) > 0 && Date.now() - drainStart < 120_000) await new Promise((r) => setTimeout(r, 200));
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const hook = (await res.json()) as { id: string };
    await fetch(`${server.base}/api/admin/webhooks/${hook.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    const withoutAgain = await saturate(db, [server], connections, seconds);
    return {
      seconds,
      connections,
      without,
      with: withHook,
      withoutAgain,
      ratio: withHook.rps / ((without.rps + withoutAgain.rps) / 2),
      delivered: deliveredDuringLoad,
      pendingAtEnd,
      drainSeconds,
    };
  } finally {
    await server.stop();
    receiver.close();
    await db.stop();
  }
}

if (require.main === module) {
  const [seconds, connections] = process.argv.slice(2).map(Number);
  runWebhookOutbox(seconds || 15, connections || 20)
    .then((r) => {
      const brief = (s: WebhookOutboxResult['without']) => ({
        rps: Math.round(s.rps),
        p50: s.p50,
        p99: s.p99,
        errors: s.errors,
        ...s.profile,
        top: s.profile.top.slice(0, 6),
      });
      console.log(JSON.stringify({ ...r, without: brief(r.without), with: brief(r.with), withoutAgain: brief(r.withoutAgain) }, null, 2));
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
