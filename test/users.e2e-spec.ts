import { as } from './support/api';
import { createTestApp, DEMO_PASSWORD, type TestApp } from './support/test-app';

/** User administration (API.md › Accounts): every role against every route, shapes, reach, audit. */
describe('users', () => {
  let t: TestApp;
  const ids = new Map<string, string>();
  const idOf = async (username: string) => {
    if (!ids.has(username)) ids.set(username, (await t.sql<{ id: string }>('SELECT id FROM app_user WHERE username = $1', [username]))[0].id);
    return ids.get(username)!;
  };
  let n = 0;
  const fresh = (over: Record<string, unknown> = {}) => ({
    username: `u${++n}-${Date.now()}`,
    displayName: '新网格员',
    role: 'inspector',
    regionCode: 'XH-CQ-A1-N01-G1',
    password: 'a-long-password',
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('every role × route', () => {
    // A target each caller might reach: an inspector inside 长桥 (street-cq's street).
    const cases: Array<[string, { list: number; get: number; create: number; patch: number; audit: number }]> = [
      ['admin', { list: 200, get: 200, create: 201, patch: 200, audit: 200 }],
      ['street-cq', { list: 200, get: 200, create: 201, patch: 200, audit: 403 }],
      ['street-hn', { list: 200, get: 404, create: 403, patch: 404, audit: 403 }],
      ['area-cq-a1', { list: 403, get: 403, create: 403, patch: 403, audit: 403 }],
      ['hood-cq-a1-n01', { list: 403, get: 403, create: 403, patch: 403, audit: 403 }],
      ['insp-cq-a1-n01-g1', { list: 403, get: 403, create: 403, patch: 403, audit: 403 }],
      ['liaison-cg', { list: 403, get: 403, create: 403, patch: 403, audit: 403 }],
      ['wall-cq', { list: 403, get: 403, create: 403, patch: 403, audit: 403 }],
    ];
    it.each(cases)('%s', async (caller, expected) => {
      const target = await idOf('insp-cq-a1-n01-g2');
      const got = {
        list: (await as(t, caller).get('/api/users')).status,
        get: (await as(t, caller).get(`/api/users/${target}`)).status,
        create: (await as(t, caller).post('/api/users', fresh())).status,
        patch: (await as(t, caller).patch(`/api/users/${target}`, { displayName: `网格员 ${caller}` })).status,
        audit: (await as(t, caller).get('/api/audit')).status,
      };
      expect(got).toEqual(expected);
    });

    it('me answers for every role, without a password or hash', async () => {
      for (const [caller] of cases) {
        const res = await as(t, caller).get('/api/auth/me');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          id: await idOf(caller),
          username: caller,
          displayName: expect.any(String),
          role: expect.any(String),
          regionCode: caller === 'liaison-cg' ? null : expect.any(String),
          departmentCode: caller === 'liaison-cg' ? 'CG' : null,
          active: true,
          lastLoginAt: expect.any(String),
          createdAt: expect.any(String),
        });
        expect(JSON.stringify(res.body)).not.toMatch(/password|hash|\$2[aby]\$/i);
      }
    });
  });

  it('lists newest first, paginated and filtered; a street sees only its own street', async () => {
    const all = await as(t, 'admin').get('/api/users?limit=500');
    expect(all.body.items.length).toBeGreaterThanOrEqual(114);
    const page = await as(t, 'admin').get('/api/users?limit=5');
    expect(page.body.items).toHaveLength(5);
    const next = await as(t, 'admin').get(`/api/users?limit=5&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((u: { id: string }) => u.id)).not.toContain(page.body.items[4].id);

    const cq = await as(t, 'street-cq').get('/api/users?limit=500');
    expect(cq.body.items.length).toBeGreaterThan(0);
    expect(cq.body.items.every((u: { regionCode: string | null }) => u.regionCode?.startsWith('XH-CQ'))).toBe(true);
    expect(cq.body.items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['street-cq', 'wall-cq', 'insp-cq-a1-n01-g1']));

    const liaisons = await as(t, 'admin').get('/api/users?role=liaison&limit=500');
    expect(liaisons.body.items.length).toBe(20);
    const q = await as(t, 'admin').get('/api/users?q=wall-');
    expect(q.body.items.map((u: { username: string }) => u.username).sort()).toEqual(['wall-cq', 'wall-hn']);
    const inRegion = await as(t, 'admin').get('/api/users?regionCode=XH-CQ-A1-N01&limit=500');
    expect(inRegion.body.items.every((u: { regionCode: string }) => u.regionCode.startsWith('XH-CQ-A1-N01'))).toBe(true);
    expect((await as(t, 'street-cq').get('/api/users?regionCode=XH-HN')).status).toBe(404);
    expect((await as(t, 'admin').get('/api/users?active=maybe')).status).toBe(400);
    expect((await as(t, 'admin').get('/api/users?role=king')).status).toBe(400);
  });

  it('creates a user who can log in; a taken username is 409', async () => {
    const body = fresh();
    const res = await as(t, 'street-cq').post('/api/users', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      username: body.username,
      role: 'inspector',
      regionCode: body.regionCode,
      departmentCode: null,
      active: true,
      lastLoginAt: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    const login = await t.http().post('/api/auth/login').send({ username: body.username, password: body.password });
    expect(login.status).toBe(200);
    expect((await as(t, 'admin').get(`/api/users/${res.body.id}`)).body.lastLoginAt).toEqual(expect.any(String));
    const again = await as(t, 'admin').post('/api/users', { ...body, regionCode: 'XH-HN-A1-N01-G1' });
    expect(again.status).toBe(409);
    expect((await as(t, 'admin').post('/api/users', fresh({ username: 'street-cq' }))).status).toBe(409);
  });

  it.each([
    ['an inspector on a neighbourhood', { role: 'inspector', regionCode: 'XH-CQ-A1-N01' }, 'regionCode'],
    ['an inspector with no region', { role: 'inspector', regionCode: undefined }, 'regionCode'],
    ['a neighbourhood on an area', { role: 'neighbourhood', regionCode: 'XH-CQ-A1' }, 'regionCode'],
    ['an area on a street', { role: 'area', regionCode: 'XH-CQ' }, 'regionCode'],
    ['a street on a grid', { role: 'street', regionCode: 'XH-CQ-A1-N01-G1' }, 'regionCode'],
    ['a wall on an area', { role: 'display', regionCode: 'XH-CQ-A1' }, 'regionCode'],
    ['an admin on a street', { role: 'admin', regionCode: 'XH-CQ' }, 'regionCode'],
    ['a liaison with a region', { role: 'liaison', regionCode: 'XH-CQ', departmentCode: 'CG' }, 'regionCode'],
    ['a liaison without a department', { role: 'liaison', regionCode: undefined }, 'departmentCode'],
    ['a liaison of an unknown department', { role: 'liaison', regionCode: undefined, departmentCode: 'NOPE' }, 'departmentCode'],
    ['an inspector with a department', { departmentCode: 'CG' }, 'departmentCode'],
    ['an unknown region', { regionCode: 'XH-NOPE' }, 'regionCode'],
    ['an unknown role', { role: 'king' }, 'role'],
    ['a short password', { password: 'short' }, 'password'],
    ['a username with spaces', { username: 'a b' }, 'username'],
  ])('refuses %s with 400 naming the field', async (_what, over, field) => {
    const res = await as(t, 'admin').post('/api/users', fresh(over));
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('accepts every role in its place (admin)', async () => {
    for (const over of [
      { role: 'neighbourhood', regionCode: 'XH-CQ-A1-N01' },
      { role: 'area', regionCode: 'XH-CQ-A1' },
      { role: 'street', regionCode: 'XH-HN' },
      { role: 'display', regionCode: 'XH-HN' },
      { role: 'liaison', regionCode: null, departmentCode: 'CG' },
      { role: 'admin', regionCode: 'XH' },
    ]) {
      const res = await as(t, 'admin').post('/api/users', fresh(over));
      expect([over.role, res.status]).toEqual([over.role, 201]);
    }
  });

  it('a street cannot create an admin, a street, a liaison, or anyone in another street', async () => {
    for (const over of [
      { role: 'admin', regionCode: 'XH' },
      { role: 'street', regionCode: 'XH-CQ' },
      { role: 'liaison', regionCode: null, departmentCode: 'CG' },
      { role: 'inspector', regionCode: 'XH-HN-A1-N01-G1' },
      { role: 'display', regionCode: 'XH-HN' },
    ]) {
      const res = await as(t, 'street-cq').post('/api/users', fresh(over));
      expect([over, res.status]).toEqual([over, 403]);
    }
    for (const over of [
      { role: 'neighbourhood', regionCode: 'XH-CQ-A1-N01' },
      { role: 'area', regionCode: 'XH-CQ-A1' },
      { role: 'display', regionCode: 'XH-CQ' },
    ]) {
      expect((await as(t, 'street-cq').post('/api/users', fresh(over))).status).toBe(201);
    }
  });

  it("a street cannot reach another street's users, its peers or liaisons, nor move its own out", async () => {
    const hnInspector = await idOf('insp-hn-a1-n01-g1').catch(() => undefined);
    const other =
      hnInspector ?? (await t.sql<{ id: string }>(`SELECT id FROM app_user WHERE region_code LIKE 'XH-HN-%' AND role = 'inspector' LIMIT 1`))[0].id;
    expect((await as(t, 'street-cq').get(`/api/users/${other}`)).status).toBe(404);
    expect((await as(t, 'street-cq').patch(`/api/users/${other}`, { active: false })).status).toBe(404);
    expect((await as(t, 'street-cq').patch(`/api/users/${await idOf('liaison-cg')}`, { active: false })).status).toBe(404);
    expect((await as(t, 'street-cq').patch(`/api/users/${await idOf('admin')}`, { active: false })).status).toBe(404);
    // Visible (inside its street) but not its to manage.
    expect((await as(t, 'street-cq').get(`/api/users/${await idOf('street-cq')}`)).status).toBe(200);
    expect((await as(t, 'street-cq').patch(`/api/users/${await idOf('street-cq')}`, { displayName: 'x' })).status).toBe(403);
    const mine = await as(t, 'street-cq').post('/api/users', fresh());
    expect((await as(t, 'street-cq').patch(`/api/users/${mine.body.id}`, { regionCode: 'XH-HN-A1-N01-G1' })).status).toBe(403);
    expect((await as(t, 'street-cq').patch(`/api/users/${mine.body.id}`, { role: 'street', regionCode: 'XH-CQ' })).status).toBe(403);
    expect((await as(t, 'street-cq').patch(`/api/users/${mine.body.id}`, { regionCode: 'XH-CQ-A1' })).status).toBe(400);
    const moved = await as(t, 'street-cq').patch(`/api/users/${mine.body.id}`, { role: 'area', regionCode: 'XH-CQ-A1' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ role: 'area', regionCode: 'XH-CQ-A1' });
    expect((await as(t, 'admin').patch('/api/users/00000000-0000-4000-8000-000000000000', { active: false })).status).toBe(404);
    expect((await as(t, 'admin').patch('/api/users/not-a-uuid', { active: false })).status).toBe(400);
    expect((await as(t, 'admin').patch(`/api/users/${mine.body.id}`, { password: 'short' })).status).toBe(400);
    expect((await as(t, 'admin').patch(`/api/users/${mine.body.id}`, { active: 'no' })).status).toBe(400);
  });

  it('a liaison becomes an inspector only when its department is cleared', async () => {
    const liaison = await as(t, 'admin').post('/api/users', fresh({ role: 'liaison', regionCode: null, departmentCode: 'CG' }));
    const half = await as(t, 'admin').patch(`/api/users/${liaison.body.id}`, { role: 'inspector', regionCode: 'XH-CQ-A1-N01-G1' });
    expect(half.status).toBe(400);
    expect(half.body.details.map((d: { field: string }) => d.field)).toEqual(['departmentCode']);
    const whole = await as(t, 'admin').patch(`/api/users/${liaison.body.id}`, {
      role: 'inspector',
      regionCode: 'XH-CQ-A1-N01-G1',
      departmentCode: null,
    });
    expect(whole.status).toBe(200);
    expect(whole.body).toMatchObject({ role: 'inspector', departmentCode: null });
  });

  it('the last active admin cannot be disabled or demoted', async () => {
    await t.sql(`UPDATE app_user SET active = false WHERE role = 'admin' AND username <> 'admin'`);
    const res = await as(t, 'admin').patch(`/api/users/${await idOf('admin')}`, { active: false });
    expect(res.status).toBe(409);
  });

  it('records every change on the audit trail, before and after, never a password', async () => {
    const created = await as(t, 'street-cq').post('/api/users', fresh());
    await as(t, 'street-cq').patch(`/api/users/${created.body.id}`, { displayName: '改名', password: 'another-long-one' });
    const trail = await as(t, 'admin').get(`/api/audit?userId=${created.body.id}`);
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((e: { action: string }) => e.action)).toEqual(['user.updated', 'user.created']);
    const [updated, creation] = trail.body.items;
    expect(updated).toMatchObject({
      actor: { id: await idOf('street-cq'), username: 'street-cq' },
      target: { id: created.body.id, username: created.body.username },
      detail: { before: { displayName: '新网格员' }, after: { displayName: '改名' }, passwordChanged: true },
    });
    expect(creation.detail.after).toMatchObject({ role: 'inspector', regionCode: 'XH-CQ-A1-N01-G1', active: true });
    expect(JSON.stringify(trail.body)).not.toMatch(/another-long-one|a-long-password|\$2[aby]\$/);
    const byStreet = await as(t, 'admin').get(`/api/audit?userId=${await idOf('street-cq')}&from=2000-01-01T00:00:00Z&to=2999-01-01T00:00:00Z`);
    expect(byStreet.body.items.length).toBeGreaterThanOrEqual(2);
    expect((await as(t, 'admin').get('/api/audit?from=2999-01-01T00:00:00Z')).body.items).toEqual([]);
    expect((await as(t, 'admin').get('/api/audit?from=yesterday')).status).toBe(400);
    expect((await as(t, 'admin').get('/api/audit?userId=nope')).status).toBe(400);
  });

  describe('password', () => {
    it('changes it: the old one fails, the new one works, 204', async () => {
      const body = fresh();
      await as(t, 'admin').post('/api/users', body);
      const token = (await t.http().post('/api/auth/login').send({ username: body.username, password: body.password })).body.accessToken;
      const change = (b: object) => t.http().post('/api/auth/password').set('Authorization', `Bearer ${token}`).send(b);
      expect((await change({ currentPassword: 'wrong-password', newPassword: 'the-new-password' })).status).toBe(400);
      const short = await change({ currentPassword: body.password, newPassword: 'short' });
      expect(short.status).toBe(400);
      expect(short.body.details[0].field).toBe('newPassword');
      expect((await change({ currentPassword: body.password, newPassword: 'the-new-password' })).status).toBe(204);
      expect((await t.http().post('/api/auth/login').send({ username: body.username, password: body.password })).status).toBe(401);
      expect((await t.http().post('/api/auth/login').send({ username: body.username, password: 'the-new-password' })).status).toBe(200);
      const trail = await as(t, 'admin').get(
        `/api/audit?userId=${(await t.sql<{ id: string }>('SELECT id FROM app_user WHERE username = $1', [body.username]))[0].id}`,
      );
      expect(trail.body.items[0]).toMatchObject({ action: 'user.password_changed', detail: { passwordChanged: true } });
    });
  });

  describe('login limit per username', () => {
    it('10 failures → 401s, the 11th → 429 with Retry-After even with the right password; others unaffected', async () => {
      const body = fresh();
      await as(t, 'admin').post('/api/users', body);
      const login = (username: string, password: string) => t.http().post('/api/auth/login').send({ username, password });
      const statuses = [];
      for (let i = 0; i < 10; i++) statuses.push((await login(body.username, 'wrong-password')).status);
      expect(statuses).toEqual(Array(10).fill(401));
      const locked = await login(body.username, body.password);
      expect(locked.status).toBe(429);
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      expect((await login(body.username, 'wrong-password')).status).toBe(429);
      // Another user, and an unknown name, are counted apart.
      expect((await login('wall-hn', DEMO_PASSWORD)).status).toBe(200);
      expect((await login('nobody-here', 'x')).status).toBe(401);
      // Out of the window, the user logs in again.
      await t.sql(`UPDATE login_failure SET at = at - interval '16 minutes' WHERE username = $1`, [body.username]);
      expect((await login(body.username, body.password)).status).toBe(200);
    });

    it('a success clears the failures before it', async () => {
      const body = fresh();
      await as(t, 'admin').post('/api/users', body);
      const login = (password: string) => t.http().post('/api/auth/login').send({ username: body.username, password });
      for (let i = 0; i < 9; i++) await login('wrong-password');
      expect((await login(body.password)).status).toBe(200);
      for (let i = 0; i < 9; i++) expect((await login('wrong-password')).status).toBe(401);
      expect((await login(body.password)).status).toBe(200);
    });

    it('holds under parallel attempts: no more than 10 are checked', async () => {
      const body = fresh();
      await as(t, 'admin').post('/api/users', body);
      const results = await Promise.all(
        Array.from({ length: 25 }, () => t.http().post('/api/auth/login').send({ username: body.username, password: 'wrong-password' })),
      );
      const counts = results.reduce<Record<number, number>>((m, r) => ({ ...m, [r.status]: (m[r.status] ?? 0) + 1 }), {});
      expect(counts).toEqual({ 401: 10, 429: 15 });
    });
  });
});
