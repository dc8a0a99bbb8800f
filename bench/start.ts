// Start: cold start to healthy (first boot: initdb, migrations, seed), warm restart, RSS after boot
// and under load. Runs the built service (dist/main.js) on an embedded PostgreSQL in a temp DATA_DIR.
// Usage: node -r ./bench/register.cjs bench/start.ts
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../src/database/embedded-postgres';

export interface StartResult {
  coldMs: number;
  warmMs: number;
  rssAfterBootMb: number;
  rssUnderLoadMb: number;
  loadRequests: number;
}

const root = join(__dirname, '..');
const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024);

async function boot(dataDir: string, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const start = Date.now();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    // No demo history unless SEED_HISTORY=true is set for the run: the cold start measures migrate + seed.
    env: { SEED_HISTORY: 'false', ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { child, ms: Date.now() - start };
    if (Date.now() - start > 60_000) throw new Error('no healthy start within 60 s');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const stop = (child: ChildProcess) => new Promise<void>((r) => (child.once('exit', () => r()), child.kill('SIGTERM')));

export async function runStart(loadSeconds = 10): Promise<StartResult> {
  execFileSync(join(root, 'node_modules/.bin/nest'), ['build'], { cwd: root, stdio: 'ignore' });
  const dataDir = mkdtempSync(join(tmpdir(), 'grid-dispatch-start-'));
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const cold = await boot(dataDir, port);
  await new Promise((r) => setTimeout(r, 1000));
  const rssAfterBootMb = rssMb(cold.child.pid!);
  await stop(cold.child);
  const warm = await boot(dataDir, port);

  // Under load: reports from 20 clients for a few seconds, RSS sampled at the end.
  const base = `http://127.0.0.1:${port}`;
  const { accessToken } = (await (
    await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'street-cq', password: 'demo-password' }),
    })
  ).json()) as { accessToken: string };
  let loadRequests = 0;
  const end = Date.now() + loadSeconds * 1000;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (Date.now() < end) {
        const r = await fetch(`${base}/api/cases`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({
            categoryCode: '0110',
            description: 'load',
            location: { lat: 31.141 + Math.random() * 0.033, lng: 121.421 + Math.random() * 0.048 },
          }),
        });
        await r.text();
        loadRequests++;
      }
    }),
  );
  const rssUnderLoadMb = rssMb(warm.child.pid!);
  await stop(warm.child);
  rmSync(dataDir, { recursive: true, force: true });
  return { coldMs: cold.ms, warmMs: warm.ms, rssAfterBootMb, rssUnderLoadMb, loadRequests };
}

if (require.main === module) {
  runStart()
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
