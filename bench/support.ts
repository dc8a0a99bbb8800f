import { readdirSync, readFileSync } from 'node:fs';
import { INestApplication } from '@nestjs/common';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/app-config';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

/** An embedded PostgreSQL of its own under a temp dir (real durability settings), and a client. */
export async function benchDatabase() {
  const dir = await mkdtemp(join(tmpdir(), 'grid-dispatch-bench-'));
  await chmod(dir, 0o755);
  // pg_stat_statements lets a benchmark say which statements its time went to.
  const pg = await startEmbeddedPostgres({ dataDir: dir, database: 'bench', settings: { shared_preload_libraries: 'pg_stat_statements' } });
  const sql = new Client({ connectionString: pg.url });
  await sql.connect();
  await sql.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  return {
    url: pg.url,
    sql,
    async stop() {
      await sql.end();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The service in-process on `url`, with the periodic sweeper slowed right down unless asked. */
export async function benchApp(url: string, env: Record<string, string> = {}): Promise<INestApplication> {
  const dataDir = await mkdtemp(join(tmpdir(), 'grid-dispatch-bench-app-'));
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    API_DOCS: 'false',
    SLA_SWEEP_MS: '3600000',
    PUBLIC_RATE_LIMIT: '1000000',
    USER_WRITE_RATE_LIMIT: '1000000',
    // The measures count their own cases: no demo history unless a measure asks for it.
    SEED_HISTORY: 'false',
    ...env,
    DATA_DIR: dataDir,
  });
  const app = await createApp({ ...config, databaseUrl: url, jwtSecret: 'bench-secret-0123456789abcdef-0123456789' });
  await app.listen(0, '127.0.0.1');
  return app;
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [result, Number(process.hrtime.bigint() - start) / 1e6];
}

/**
 * Starts bench/serve.ts in a child process on `url`; resolves with its base URL and a stopper.
 * BENCH_NODE_ARGS adds Node options to it, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the service.
 */
export async function serveInChild(url: string, env: Record<string, string> = {}) {
  const { spawn } = await import('node:child_process');
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '-r', join(__dirname, 'register.cjs'), join(__dirname, 'serve.ts'), url, JSON.stringify(env)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+) (\d+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
}

/**
 * CPU seconds used so far by every PostgreSQL process on the machine (the bench's cluster is the only
 * one running). Backends live as long as their pooled connections, so a before/after pair around a
 * load with a warm pool counts the database's share of it.
 */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const fields = stat.split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // the process ended between the listing and the read
    }
  }
  return total;
}

/** The statements that took the most time since the last reset, per call and in all. */
export async function topStatements(sql: Client, limit = 12) {
  const { rows } = await sql.query(
    `SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
            left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS query
     FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT $1`,
    [limit],
  );
  return rows as { calls: string; total_ms: string; mean_ms: string; query: string }[];
}
