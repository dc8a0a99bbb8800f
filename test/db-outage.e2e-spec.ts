import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import demoCity from '../src/database/seed/demo-city.json';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres';
import { near } from './support/api';
import { sleep, waitFor } from './support/fast-ladder';
import { auditIntake, buildService, call, intakeLoad, LOADERS, login, startService, type ServiceProcess } from './support/service-process';

/**
 * PostgreSQL stopped (fast shutdown: every connection gets 57P01) and started again under intake
 * load, with two instances of the real service sharing it. The test owns the cluster.
 */
let dir: string;
let port: number;
let pg: EmbeddedDatabase | undefined;
let a: ServiceProcess | undefined;
let b: ServiceProcess | undefined;
let sql: Client | undefined;
let socket: Socket | undefined;

const OUTAGE_MS = 5000;
const startPg = () => startEmbeddedPostgres({ dataDir: dir, port, settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } });

beforeAll(async () => {
  await buildService();
  dir = mkdtempSync(join(tmpdir(), 'grid-dispatch-outage-'));
  port = await freePort();
  pg = await startPg();
  // A short statement timeout, so that the frozen-server case below answers within seconds.
  const env = { SLA_SWEEP_MS: '200', STATEMENT_TIMEOUT_MS: '3000' };
  a = await startService(pg.url, env);
  b = await startService(pg.url, env);
});
afterAll(async () => {
  signalCluster('SIGCONT');
  socket?.close();
  await sql?.end().catch(() => undefined);
  await a?.kill('SIGKILL');
  await b?.kill('SIGKILL');
  await pg?.stop().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
});

it('survives a PostgreSQL restart under intake load: 503 while down, healthy again, nothing acknowledged lost', async () => {
  const base = a!.base;
  const admin = await login(base, 'admin');
  const tokens = await Promise.all(LOADERS.map((l) => login(base, l.username)));

  // A deadline that falls due while the database is down: category 0110 climbs after 3 s.
  const category = structuredClone(demoCity.categories.find((c) => c.code === '0110')!);
  category.sla = { ...category.sla, calendar: 'natural', ladder: { grid: 'PT3S', neighbourhood: 'PT1H', area: 'PT1H', street: 'PT1H' } };
  expect((await call(base, 'PUT', '/api/categories/0110', { token: admin, body: category })).status).toBe(200);
  const due = await call(base, 'POST', '/api/cases', {
    token: tokens[0],
    body: { categoryCode: '0110', description: 'falls due during the outage', gridCode: LOADERS[0].gridCode },
  });
  expect(due.status).toBe(201);

  const load = intakeLoad(() => base, tokens);
  await sleep(1500);

  // Down: a fast shutdown, then nothing listens on the port.
  const downAt = Date.now();
  await pg!.stop();
  const stoppedAt = Date.now();
  // Reads, writes, login and the token guard: each answers 503 at once, not 401, 500 or a hang.
  const routes = await Promise.all(
    [
      call(base, 'GET', '/api/cases', { token: tokens[0] }),
      call(base, 'GET', `/api/cases/${due.body.id}`, { token: tokens[0] }),
      call(base, 'GET', '/api/stats/overview', { token: admin }),
      call(base, 'GET', '/api/departments', { token: admin }),
      call(base, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'demo-password' } }),
      call(base, 'POST', '/api/public/reports', {
        body: { categoryCode: '0101', description: 'public during outage', location: near(LOADERS[0].gridCode), contact: { phone: '13900000001' } },
      }),
    ].map((p) => p.then((x) => ({ status: x.status, ms: x.ms }))),
  );
  const health: { status: number; ms: number }[] = [];
  while (Date.now() - stoppedAt < OUTAGE_MS) {
    const h = await call(base, 'GET', '/api/health', { timeoutMs: 5000 });
    health.push({ status: h.status, ms: h.ms });
    await sleep(250);
  }
  const restartAt = Date.now();
  pg = await startPg();
  const upAt = Date.now();
  // Within 10 s of PostgreSQL being back (waitFor fails the test otherwise).
  const healthyAt = await waitFor(
    async () => (await call(base, 'GET', '/api/health', { timeoutMs: 2000 })).status === 200 && Date.now(),
    10_000,
    'health 200',
  );
  const healthyBAt = await waitFor(
    async () => (await call(b!.base, 'GET', '/api/health', { timeoutMs: 2000 })).status === 200 && Date.now(),
    10_000,
    'health 200 on B',
  );
  await sleep(1500); // load goes on after the recovery
  const figures = await load.stop();

  // The processes lived through it.
  expect(a!.exit).toBeUndefined();
  expect(b!.exit).toBeUndefined();

  // While down: health 503, every request answered (no hang) with 503, never another 5xx.
  expect(routes.map((r) => r.status)).toEqual(routes.map(() => 503));
  expect(Math.max(...routes.map((r) => r.ms))).toBeLessThan(6000);
  expect(health.length).toBeGreaterThan(3);
  expect(health.every((h) => h.status === 503)).toBe(true);
  const during = figures.answers.filter((x) => x.at >= stoppedAt && x.at + x.ms < restartAt);
  const byStatus = (list: { status: number }[]) => list.reduce<Record<number, number>>((m, x) => ((m[x.status] = (m[x.status] ?? 0) + 1), m), {});
  expect(during.length).toBeGreaterThan(0);
  expect(during.every((x) => x.status === 503)).toBe(true);
  for (const x of during) expect(x.body).toEqual({ statusCode: 503, error: 'Service Unavailable', message: expect.any(String), details: [] });
  const unexpected = figures.answers.filter((x) => ![200, 201, 503].includes(x.status));
  if (unexpected.length)
    console.log(
      a!
        .output()
        .split('\n')
        .filter((l) => l.includes('"level":50'))
        .join('\n'),
    );
  expect(unexpected).toEqual([]);
  const slowest = Math.max(...figures.answers.map((x) => x.ms));
  expect(slowest).toBeLessThan(6000);

  // Nothing acknowledged is lost, nothing half-written, and a retried key made its case once.
  sql = new Client({ connectionString: pg.url });
  await sql.connect();
  const audit = await auditIntake(sql, figures.acknowledged);
  expect(audit).toMatchObject({
    lost: 0,
    withoutCreatedEvent: 0,
    openWithoutDeadline: 0,
    departmentCaseWithoutTask: 0,
    taskWithoutEvent: 0,
    keyUsedTwice: 0,
  });
  const retriedAndAcked = [...figures.retried].filter((k) => figures.acknowledged.has(k));
  expect(retriedAndAcked.length).toBeGreaterThan(0);
  const retriedRows = await sql.query('SELECT idempotency_key, count(*)::int AS n FROM grid_case WHERE idempotency_key = ANY($1) GROUP BY 1', [
    retriedAndAcked,
  ]);
  expect(retriedRows.rows.length).toBe(retriedAndAcked.length);
  expect(retriedRows.rows.every((r) => r.n === 1)).toBe(true);

  // The deadline that fell due in the outage is processed after it.
  const escalated = await waitFor(
    async () => {
      const c = await call(base, 'GET', `/api/cases/${due.body.id}`, { token: tokens[0] });
      return c.body?.timeline?.some((e: { type: string }) => e.type === 'escalated') && c.body;
    },
    10_000,
    'the escalation of the case that fell due',
  );
  expect(escalated.rung).toBe('neighbourhood');

  // The LISTEN connections came back: an event raised on A reaches a socket on B.
  socket = io(`${b!.base}/live`, { auth: { token: await login(b!.base, 'wall-cq') }, transports: ['websocket'], reconnection: false });
  const received: { event: string; body: any }[] = [];
  socket.onAny((event, body) => received.push({ event, body }));
  await new Promise<void>((resolve, reject) => {
    socket!.once('connect', () => resolve());
    socket!.once('connect_error', reject);
  });
  const crossed = await waitFor(
    async () => {
      const c = await call(base, 'POST', '/api/cases', {
        token: tokens[1],
        body: { categoryCode: '0101', description: 'after the outage', gridCode: LOADERS[1].gridCode },
      });
      expect(c.status).toBe(201);
      return waitFor(async () => received.some((r) => r.event === 'case.created' && r.body?.case?.id === c.body.id), 1500, 'A → B').catch(
        () => false,
      );
    },
    10_000,
    'an event crossing instances after recovery',
  );
  expect(crossed).toBe(true);

  // The sweeper told the operator once, not per tick.
  const sweeperLines = a!
    .output()
    .split('\n')
    .filter((l) => l.includes('SLA sweeps paused'));
  expect(sweeperLines.length).toBe(1);

  console.log(
    `db-outage: PostgreSQL down ${upAt - downAt} ms (stop took ${stoppedAt - downAt} ms) · intake answers ${figures.answers.length} ${JSON.stringify(byStatus(figures.answers))}` +
      ` · during the outage ${during.length} answers, ${during.filter((x) => x.status === 503).length} × 503, slowest ${Math.max(...during.map((x) => x.ms))} ms` +
      ` · other routes during ${JSON.stringify(byStatus(routes))} · health during ${JSON.stringify(byStatus(health))} · healthy ${healthyAt - upAt} ms (A) / ${healthyBAt - upAt} ms (B) after PostgreSQL was up (${healthyAt - restartAt} ms after its start began)` +
      ` · acknowledged ${figures.acknowledged.size}, lost ${audit.lost}, retried keys ${figures.retried.size} (acknowledged once each: ${retriedAndAcked.length})` +
      ` · half-written ${audit.withoutCreatedEvent + audit.openWithoutDeadline + audit.departmentCaseWithoutTask + audit.taskWithoutEvent}`,
  );
});

/** The postmaster and its backends: SIGSTOP freezes the server with every connection open. */
function signalCluster(signal: NodeJS.Signals): void {
  const pidFile = join(dir ?? '', 'pg', 'postmaster.pid');
  if (!dir || !existsSync(pidFile)) return;
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((p) => /^\d+$/.test(p))
    .filter((p) => {
      try {
        return Number(readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    });
  for (const pid of [postmaster, ...children.map(Number)]) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

it('answers 503 within seconds, not never, while PostgreSQL is frozen with connections open', async () => {
  const base = a!.base;
  const token = await login(base, LOADERS[0].username);
  // Warm the pool: the frozen server will hold these connections open and silent.
  await Promise.all(Array.from({ length: 8 }, () => call(base, 'GET', '/api/cases', { token })));
  signalCluster('SIGSTOP');
  let answers: { status: number; ms: number }[];
  try {
    answers = await Promise.all([
      call(base, 'GET', '/api/cases', { token, timeoutMs: 20_000 }),
      call(base, 'GET', '/api/departments', { token, timeoutMs: 20_000 }),
      call(base, 'POST', '/api/cases', {
        token,
        body: { categoryCode: '0101', description: 'frozen', gridCode: LOADERS[0].gridCode },
        headers: { 'idempotency-key': 'frozen-1' },
        timeoutMs: 20_000,
      }),
      call(base, 'GET', '/api/health', { timeoutMs: 20_000 }),
    ]);
  } finally {
    signalCluster('SIGCONT');
  }
  expect(answers.map((x) => x.status)).toEqual([503, 503, 503, 503]);
  // Bounded by the timeouts (connect 5 s; statement 3 s + 2 s), not by the outage.
  expect(Math.max(...answers.map((x) => x.ms))).toBeLessThan(12_000);
  const healthyAt = Date.now();
  await waitFor(async () => (await call(base, 'GET', '/api/health', { timeoutMs: 2000 })).status === 200, 10_000, 'health 200 after SIGCONT');
  expect(a!.exit).toBeUndefined();
  console.log(
    `db-frozen: answers ${answers.map((x) => `${x.status} in ${x.ms} ms`).join(', ')} · healthy ${Date.now() - healthyAt} ms after SIGCONT`,
  );
});
