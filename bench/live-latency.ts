// Commit-to-client latency of live events: the in-process emit time (right after commit) to the
// moment a socket.io client receives case.created. Usage: node -r ./bench/register.cjs bench/live-latency.ts [events=100] [clients=1]
import { EventEmitter2 } from '@nestjs/event-emitter';
import { io, Socket } from 'socket.io-client';
import { benchApp, benchDatabase, percentile } from './support';

async function main() {
  const events = Number(process.argv[2] ?? 100);
  const clients = Number(process.argv[3] ?? 1);
  const db = await benchDatabase();
  const app = await benchApp(db.url);
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const login = async (username: string) =>
    (
      (await (
        await fetch(`${base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password: 'demo-password' }),
        })
      ).json()) as { accessToken: string }
    ).accessToken;
  const wallToken = await login('wall-cq');
  const streetToken = await login('street-cq');

  const committedAt = new Map<string, number>();
  app.get(EventEmitter2).on('case.created', (e: { payload: { case: { id: string } } }) => committedAt.set(e.payload.case.id, performance.now()));
  const latencies: number[] = [];
  const sockets: Socket[] = [];
  for (let i = 0; i < clients; i++) {
    const s = io(`${base}/live`, { auth: { token: wallToken }, transports: ['websocket'] });
    await new Promise<void>((r) => s.once('connect', () => r()));
    sockets.push(s);
  }
  let outstanding = 0;
  let onAll: (() => void) | undefined;
  for (const s of sockets) {
    s.on('case.created', (body: { case: { id: string } }) => {
      const at = committedAt.get(body.case.id);
      if (at !== undefined) latencies.push(performance.now() - at);
      if (--outstanding === 0) onAll?.();
    });
  }
  for (let i = 0; i < events; i++) {
    const arrived = new Promise<void>((r) => (onAll = r));
    outstanding = clients;
    await fetch(`${base}/api/cases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${streetToken}` },
      body: JSON.stringify({ categoryCode: '0110', description: `latency ${i}`, gridCode: 'XH-CQ-A1-N01-G1' }),
    });
    await arrived;
  }
  latencies.sort((a, b) => a - b);
  console.log(
    `live latency, ${events} events × ${clients} client(s): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms (n=${latencies.length})`,
  );
  for (const s of sockets) s.close();
  await app.close();
  await db.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
