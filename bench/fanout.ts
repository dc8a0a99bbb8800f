// Fan-out: commit-to-client latency of case.created for N sockets on the street wall's room, against
// a bare socket.io server broadcasting the same payload to the same number of sockets.
// Usage: node -r ./bench/register.cjs bench/fanout.ts [sockets=1000] [events=100]
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { io, Socket } from 'socket.io-client';
import { benchDatabase, percentile, serveInChild } from './support';

export interface FanoutResult {
  sockets: number;
  events: number;
  service: { p50: number; p99: number; delivered: number };
  bare: { p50: number; p99: number; delivered: number };
  ratioP99: number;
}

async function connectAll(url: string, n: number, auth: object): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = Array.from({ length: Math.min(100, n - i) }, () => io(url, { auth, transports: ['websocket'], reconnection: false }));
    await Promise.all(batch.map((s) => new Promise<void>((r, j) => (s.once('connect', () => r()), s.once('connect_error', j)))));
    sockets.push(...batch);
  }
  return sockets;
}

async function collect(sockets: Socket[], events: number, stamp: (body: any) => number, fire: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  for (const s of sockets) s.on('case.created', (body) => latencies.push(Date.now() - stamp(body)));
  for (let i = 0; i < events; i++) {
    await fire(i);
    await new Promise((r) => setTimeout(r, 30));
  }
  await new Promise((r) => setTimeout(r, 1000));
  for (const s of sockets) s.close();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), delivered: latencies.length };
}

export async function runFanout(socketCount = 1000, events = 100): Promise<FanoutResult> {
  const db = await benchDatabase();
  const server = await serveInChild(db.url);
  const login = async (username: string) =>
    (
      (await (
        await fetch(`${server.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'demo-password' }),
        })
      ).json()) as { accessToken: string }
    ).accessToken;
  const [wall, street] = [await login('wall-cq'), await login('street-cq')];
  let sample: unknown = {};
  const service = await collect(
    await connectAll(`${server.base}/live`, socketCount, { token: wall }),
    events,
    (body) => Date.parse(body.case.createdAt),
    async (i) => {
      const res = await fetch(`${server.base}/api/cases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${street}` },
        body: JSON.stringify({ categoryCode: '0110', description: `fan-out ${i}`, gridCode: 'XH-CQ-A1-N01-G1' }),
      });
      sample = await res.json();
    },
  );
  await server.stop();
  await db.stop();

  const bare = spawn(process.execPath, ['-r', join(__dirname, 'register.cjs'), join(__dirname, 'bare-io.ts'), JSON.stringify(sample)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((r) =>
    bare.stdout.on('data', (d: Buffer) => /READY (\d+)/.test(d.toString()) && r(/READY (\d+)/.exec(d.toString())![1])),
  );
  const base = `http://127.0.0.1:${port}`;
  const bareResult = await collect(
    await connectAll(`${base}/live`, socketCount, {}),
    events,
    (body) => body.sentAt,
    async () => void (await fetch(`${base}/go`)),
  );
  bare.kill('SIGTERM');
  return { sockets: socketCount, events, service, bare: bareResult, ratioP99: service.p99 / Math.max(1, bareResult.p99) };
}

if (require.main === module) {
  const [sockets, events] = process.argv.slice(2).map(Number);
  runFanout(sockets || 1000, events || 100)
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
