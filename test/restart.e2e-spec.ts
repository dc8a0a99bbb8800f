import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import demoCity from '../src/database/seed/demo-city.json';
import { freePort } from '../src/database/embedded-postgres';
import { sleep } from './support/fast-ladder';
import { buildService } from './support/service-process';
import { createTestDatabase } from './support/test-app';

/**
 * The real service in its own process, killed with SIGKILL while a deadline is pending: the deadline
 * lives in PostgreSQL, so the next start processes it at once.
 */
const root = join(__dirname, '..');
let db: { url: string; drop(): Promise<void> };
let dataDir: string;
let child: ChildProcess | undefined;
let base: string;

beforeAll(async () => {
  await buildService();
  db = await createTestDatabase();
  dataDir = mkdtempSync(join(tmpdir(), 'grid-dispatch-restart-'));
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await db?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<number> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: db.url,
      JWT_SECRET: 'restart-test-secret-0123456789-abcdefgh',
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      API_DOCS: 'false',
      SEED_HISTORY: 'false',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return Date.now();
    await sleep(100);
  }
  throw new Error('service did not become healthy');
}

async function call(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

const login = async (username: string) =>
  (await call('POST', '/api/auth/login', undefined, { username, password: 'demo-password' })).body.accessToken;

it('processes a deadline that fell due while the service was killed within 2 s of the next start', async () => {
  await start();
  const admin = await login('admin');
  const category = structuredClone(demoCity.categories.find((c) => c.code === '0110')!);
  category.sla = { ...category.sla, calendar: 'natural', ladder: { grid: 'PT3S', neighbourhood: 'PT1H', area: 'PT1H', street: 'PT1H' } };
  expect((await call('PUT', '/api/categories/0110', admin, category)).status).toBe(200);
  const street = await login('street-cq');
  const created = await call('POST', '/api/cases', street, {
    categoryCode: '0110',
    description: 'killed while pending',
    gridCode: 'XH-CQ-A1-N01-G1',
  });
  expect(created.status).toBe(201);
  const dueAt = Date.parse(created.body.deadlines.rungDueAt);

  child!.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  await sleep(Math.max(0, dueAt - Date.now()) + 1000); // the deadline passes while nothing runs

  const healthyAt = await start();
  const token = await login('street-cq');
  let escalated: { at: string } | undefined;
  for (let i = 0; i < 50 && !escalated; i++) {
    const c = await call('GET', `/api/cases/${created.body.id}`, token);
    escalated = c.body.timeline.find((e: { type: string }) => e.type === 'escalated');
    if (!escalated) await sleep(100);
  }
  expect(escalated).toBeDefined();
  const lag = Date.parse(escalated!.at) - healthyAt;
  expect(lag).toBeLessThan(2000);
  const after = await call('GET', `/api/cases/${created.body.id}`, token);
  expect(after.body).toMatchObject({ rung: 'neighbourhood', escalationCount: 1 });
  child!.kill('SIGTERM');
  await new Promise((r) => child!.once('exit', r));
});

/** The postmaster's pid from `postmaster.pid`, or null once the cluster has shut down. */
function postmasterPid(dir: string): number | null {
  const file = join(dir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it.each(['SIGTERM', 'SIGINT'] as const)('on %s with no DATABASE_URL, exits 0 having stopped its embedded PostgreSQL', async (signal) => {
  const embeddedDir = mkdtempSync(join(tmpdir(), 'grid-dispatch-embedded-'));
  try {
    const port = await freePort();
    const service = spawn(process.execPath, ['dist/main.js'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '', PORT: String(port), DATA_DIR: embeddedDir, LOG_LEVEL: 'warn', API_DOCS: 'false', SEED_DEMO: 'false' },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((r) => service.once('exit', (code) => r(code)));
    let healthy = false;
    for (let i = 0; i < 300 && !healthy; i++) {
      healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await sleep(100);
    }
    expect(healthy).toBe(true);
    const pid = postmasterPid(embeddedDir);
    expect(pid).not.toBeNull();

    service.kill(signal);
    expect(await exited).toBe(0);
    expect(postmasterPid(embeddedDir)).toBeNull();
    expect(alive(pid!)).toBe(false);
  } finally {
    rmSync(embeddedDir, { recursive: true, force: true });
  }
});
