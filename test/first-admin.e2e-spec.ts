import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from './support/test-app';

/** First start in production: no demo city, the first admin from the environment or the CLI. */
describe('first admin', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close();
  });

  it('with SEED_DEMO=false and ADMIN_USERNAME/ADMIN_PASSWORD, an empty database gets one admin who can work', async () => {
    const t = await createTestApp({ SEED_DEMO: 'false', ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'first-admin-password' });
    apps.push(t);
    expect(await t.sql('SELECT count(*)::int AS n FROM region')).toEqual([{ n: 0 }]);
    const login = await t.http().post('/api/auth/login').send({ username: 'root', password: 'first-admin-password' });
    expect(login.status).toBe(200);
    const auth = `Bearer ${login.body.accessToken}`;
    // No regions yet, so no district: the admin holds no region (an admin sees everything anyway).
    expect((await t.http().get('/api/auth/me').set('Authorization', auth)).body).toMatchObject({
      username: 'root',
      role: 'admin',
      regionCode: null,
      active: true,
    });
    const users = await t.http().get('/api/users').set('Authorization', auth);
    expect(users.body.items.map((u: { username: string }) => u.username)).toEqual(['root']);
    const audit = await t.http().get('/api/audit').set('Authorization', auth);
    expect(audit.body.items).toMatchObject([{ action: 'user.created', actor: null, target: { username: 'root' } }]);
    // A second instance (a restart) with the same env creates nothing more.
    apps.push(await createTestApp({ SEED_DEMO: 'false', ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'first-admin-password' }, t));
    expect(await t.sql(`SELECT count(*)::int AS n FROM app_user`)).toEqual([{ n: 1 }]);
  });

  it('without them the service starts with no user, and `user:create` makes the first admin', async () => {
    const t = await createTestApp({ SEED_DEMO: 'false' });
    apps.push(t);
    expect((await t.http().get('/api/health')).status).toBe(200);
    expect(await t.sql('SELECT count(*)::int AS n FROM app_user')).toEqual([{ n: 0 }]);
    const cli = 'src/users/user-create.cli.ts';
    const run = (args: string[]) =>
      promisify(execFile)('node', ['-r', 'ts-node/register/transpile-only', cli, ...args], {
        env: { ...process.env, DATABASE_URL: t.databaseUrl, NODE_ENV: 'production', TS_NODE_PROJECT: 'tsconfig.json' },
      });
    const out = await run(['--username', 'boss', '--password', 'cli-admin-password', '--role', 'admin']);
    expect(out.stdout).toMatch(/user boss created: admin/);
    await expect(run(['--username', 'boss', '--password', 'cli-admin-password'])).rejects.toThrow(/taken/);
    await expect(run(['--username', 'weak', '--password', 'short'])).rejects.toThrow(/at least 10/);
    expect((await t.http().post('/api/auth/login').send({ username: 'boss', password: 'cli-admin-password' })).status).toBe(200);
  });

  it('NODE_ENV=production without SEED_DEMO=true loads no demo city', async () => {
    const t = await createTestApp({ NODE_ENV: 'production' });
    apps.push(t);
    expect(await t.sql('SELECT (SELECT count(*) FROM region)::int AS regions, (SELECT count(*) FROM app_user)::int AS users')).toEqual([
      { regions: 0, users: 0 },
    ]);
  });
});
