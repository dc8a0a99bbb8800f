import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type AppConfig } from '../../src/config/app-config';

export const DEMO_PASSWORD = 'demo-password';

export interface TestApp {
  app: INestApplication;
  /** http://127.0.0.1:<port> of the listening app. */
  baseUrl: string;
  databaseUrl: string;
  http: () => ReturnType<typeof request>;
  /** Logs a demo user in (cached per username). */
  token(username: string): Promise<string>;
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** An empty database of its own in the run's PostgreSQL. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `t_${randomBytes(6).toString('hex')}`;
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => void (await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}

/**
 * A fresh database, migrated and seeded, and the app listening on a free port. With `sharing`, a
 * second instance on that app's database (closing it leaves the database).
 */
export async function createTestApp(env: Record<string, string> = {}, sharing?: TestApp, overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const own = sharing ? undefined : await createTestDatabase();
  const databaseUrl = sharing ? sharing.databaseUrl : own!.url;
  const dataDir = await mkdtemp(join(tmpdir(), 'grid-dispatch-app-'));
  await chmod(dataDir, 0o755);
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    API_DOCS: 'false',
    PUBLIC_RATE_LIMIT: '1000',
    USER_WRITE_RATE_LIMIT: '100000',
    // Every test starts from an empty case world; test/history.e2e-spec.ts asks for the demo history.
    SEED_HISTORY: 'false',
    ...env,
    DATA_DIR: dataDir,
  });
  const app = await createApp({ ...config, ...overrides, databaseUrl, jwtSecret: 'test-secret-0123456789abcdef-0123456789' });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const tokens = new Map<string, string>();
  const sqlClient = new Client({ connectionString: databaseUrl });
  await sqlClient.connect();

  return {
    app,
    baseUrl,
    databaseUrl,
    http: () => request(baseUrl),
    async token(username) {
      if (!tokens.has(username)) {
        const res = await request(baseUrl).post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
        if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
        tokens.set(username, res.body.accessToken);
      }
      return tokens.get(username)!;
    },
    async sql(text, params) {
      return (await sqlClient.query(text, params as unknown[])).rows;
    },
    async close() {
      await sqlClient.end();
      await app.close();
      await own?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
