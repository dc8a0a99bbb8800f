import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';
import { freePort } from '../../src/database/embedded-postgres';
import { sleep } from './fast-ladder';

/** The real service (`node dist/main.js`) in a process of its own, for tests that kill things. */
const root = join(__dirname, '..', '..');

/**
 * `nest build` once per jest run: test files run in parallel workers, and one worker's build must
 * not rewrite dist/ under another's running service. A lock directory serialises the workers; a
 * stamp names the run (its database and jest's process) that built last.
 */
export async function buildService(): Promise<void> {
  const lock = join(root, 'dist', '.build-lock');
  const stamp = join(root, 'dist', '.built-for');
  const run = `${process.env.TEST_DATABASE_URL}|${process.ppid}`;
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (waited > 60_000) rmSync(lock, { recursive: true, force: true }); // left by a killed run
      await sleep(100);
    }
  }
  try {
    const fresh = existsSync(stamp) && readFileSync(stamp, 'utf8') === run && Date.now() - statSync(stamp).mtimeMs < 600_000;
    if (!fresh) {
      execFileSync(join(root, 'node_modules/.bin/nest'), ['build'], { cwd: root, stdio: 'ignore' });
      writeFileSync(stamp, run);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface ServiceProcess {
  base: string;
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr. */
  output(): string;
  /** Set once the process has exited (it never should, in a fault test, until we end it). */
  exit: { code: number | null; signal: string | null } | undefined;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startService(databaseUrl: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'fault-test-secret-0123456789abcdefghijklmnop',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      API_DOCS: 'false',
      PUBLIC_RATE_LIMIT: '100000',
      USER_WRITE_RATE_LIMIT: '1000000',
      SEED_HISTORY: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout.on('data', (d) => chunks.push(String(d)));
  child.stderr.on('data', (d) => chunks.push(String(d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const service: ServiceProcess = {
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => chunks.join(''),
    exit: undefined,
    kill: async (signal) => {
      if (service.exit) return;
      child.kill(signal);
      await exited;
    },
  };
  child.once('exit', (code, signal) => (service.exit = { code, signal }));
  for (let i = 0; i < 300 && !service.exit; i++) {
    if (
      await fetch(`${service.base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return service;
    await sleep(100);
  }
  await service.kill('SIGKILL');
  throw new Error(`service did not become healthy:\n${service.output()}`);
}

export interface Answer {
  status: number; // 0: no answer (connection refused, reset, or our timeout)
  body: any;
  ms: number;
  at: number;
}

/** One request that gives up after `timeoutMs`, so that a hanging server shows as status 0. */
export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Answer> {
  const started = Date.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started, at: started };
  } catch (e) {
    return { status: 0, body: String(e), ms: Date.now() - started, at: started };
  }
}

export async function login(base: string, username: string): Promise<string> {
  const res = await call(base, 'POST', '/api/auth/login', { body: { username, password: 'demo-password' } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

/** Inspectors (each in its own grid) and the categories their load reports: one neighbourhood-entry, one department-entry (with tasks). */
export const LOADERS = [
  { username: 'insp-cq-a1-n01-g1', gridCode: 'XH-CQ-A1-N01-G1' },
  { username: 'insp-cq-a1-n02-g1', gridCode: 'XH-CQ-A1-N02-G1' },
  { username: 'insp-cq-a1-n03-g1', gridCode: 'XH-CQ-A1-N03-G1' },
  { username: 'insp-cq-a1-n04-g1', gridCode: 'XH-CQ-A1-N04-G1' },
];
const LOAD_CATEGORIES = ['0101', '0501'];

export interface LoadFigures {
  /** Idempotency-Key → id of the case a 2xx acknowledged. */
  acknowledged: Map<string, string>;
  /** Every answer, with the key it carried. */
  answers: (Answer & { key: string })[];
  /** Keys sent again after a 503 or no answer. */
  retried: Set<string>;
}

/**
 * Intake load: each loader posts cases with an Idempotency-Key, one after another; after a 503 or
 * no answer it retries the same key (as a well-behaved client does) until it is acknowledged or
 * the load stops. `base()` is asked on every request, so that the load can follow a restart.
 */
export function intakeLoad(base: () => string, tokens: string[], opts: { pauseMs?: number } = {}) {
  const figures: LoadFigures = { acknowledged: new Map(), answers: [], retried: new Set() };
  let running = true;
  const loops = LOADERS.map(async (loader, i) => {
    let n = 0;
    while (running) {
      const key = randomUUID();
      const body = { categoryCode: LOAD_CATEGORIES[n++ % LOAD_CATEGORIES.length], description: `load ${i}-${n}`, gridCode: loader.gridCode };
      for (let attempt = 0; running || attempt === 0; attempt++) {
        if (attempt > 0) figures.retried.add(key);
        const answer = await call(base(), 'POST', '/api/cases', { token: tokens[i], body, headers: { 'idempotency-key': key }, timeoutMs: 8000 });
        figures.answers.push({ ...answer, key });
        if (answer.status === 200 || answer.status === 201) {
          figures.acknowledged.set(key, answer.body.id);
          break;
        }
        if (answer.status !== 503 && answer.status !== 0) break; // anything else is recorded and asserted on
        await sleep(200);
      }
      if (opts.pauseMs) await sleep(opts.pauseMs);
    }
  });
  return {
    figures,
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return figures;
    },
  };
}

/** Acknowledged cases missing from the database, and cases that intake left half-written. */
export async function auditIntake(sql: Client, acknowledged: Map<string, string>) {
  const ids = [...acknowledged.values()];
  const found = await sql.query<{ id: string; idempotency_key: string }>('SELECT id, idempotency_key FROM grid_case WHERE id = ANY($1)', [ids]);
  const keysFound = new Map(found.rows.map((r) => [r.id, r.idempotency_key]));
  const lost = [...acknowledged].filter(([key, id]) => keysFound.get(id) !== key).length;
  const [shape] = (
    await sql.query(`
      SELECT
        (SELECT count(*) FROM grid_case)::int AS cases,
        (SELECT count(*) FROM grid_case c WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.type = 'created'))::int AS "withoutCreatedEvent",
        (SELECT count(*) FROM grid_case c WHERE c.status IN ('pending', 'in_progress') AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.case_id = c.id))::int AS "openWithoutDeadline",
        (SELECT count(*) FROM grid_case c WHERE c.rung = 'department' AND NOT EXISTS (SELECT 1 FROM task t WHERE t.case_id = c.id))::int AS "departmentCaseWithoutTask",
        (SELECT count(*) FROM task t WHERE NOT EXISTS (SELECT 1 FROM case_event e WHERE e.task_id = t.id AND e.type = 'task.created'))::int AS "taskWithoutEvent",
        (SELECT count(*) FROM task t WHERE NOT EXISTS (SELECT 1 FROM deadline d WHERE d.task_id = t.id))::int AS "taskWithoutDeadline",
        (SELECT count(*) FROM (SELECT 1 FROM grid_case WHERE idempotency_key IS NOT NULL GROUP BY created_by, idempotency_key HAVING count(*) > 1) x)::int AS "keyUsedTwice"`)
  ).rows;
  return { lost, ...shape } as {
    lost: number;
    cases: number;
    withoutCreatedEvent: number;
    openWithoutDeadline: number;
    departmentCaseWithoutTask: number;
    taskWithoutEvent: number;
    taskWithoutDeadline: number;
    keyUsedTwice: number;
  };
}
