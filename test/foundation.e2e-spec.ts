import demoCity from '../src/database/seed/demo-city.json';
import { createTestApp, DEMO_PASSWORD, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('health', () => {
  it('answers 200 with the database up, without a token', async () => {
    const res = await t.http().get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', db: 'up' });
  });
});

describe('auth', () => {
  it('logs in one user of every demo role and returns the public user', async () => {
    const roles = [...new Set(demoCity.users.map((u) => u.role))];
    expect(roles.sort()).toEqual(['admin', 'area', 'display', 'inspector', 'liaison', 'neighbourhood', 'street']);
    for (const role of roles) {
      const u = demoCity.users.find((x) => x.role === role)!;
      const res = await t.http().post('/api/auth/login').send({ username: u.username, password: DEMO_PASSWORD }).expect(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect(res.body.user).toEqual({
        id: expect.any(String),
        username: u.username,
        role,
        regionCode: (u as { regionCode?: string }).regionCode ?? null,
        departmentCode: (u as { departmentCode?: string }).departmentCode ?? null,
        displayName: u.displayName,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    }
  });

  it.each([
    ['wrong password', { username: 'admin', password: 'nope' }],
    ['unknown user', { username: 'nobody', password: DEMO_PASSWORD }],
  ])('refuses a %s with 401', async (_, body) => {
    const res = await t.http().post('/api/auth/login').send(body).expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it.each([
    ['a missing password', { username: 'admin' }, 'password'],
    ['a number as username', { username: 42, password: 'x' }, 'username'],
    ['an unknown field', { username: 'admin', password: 'x', remember: true }, 'remember'],
  ])('answers 400 naming the field for %s', async (_, body, field) => {
    const res = await t.http().post('/api/auth/login').send(body).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('answers 400 for broken JSON and 413 for an oversized body', async () => {
    const broken = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username": "adm');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/JSON/) });
    const huge = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
    expect(huge.body.statusCode).toBe(413);
  });

  it.each([
    ['no token', undefined],
    ['a malformed header', 'Token abc'],
    ['a broken token', 'Bearer not.a.jwt'],
    ['a token signed with another secret', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJl'],
  ])('answers 401 with %s', async (_, header) => {
    const req = t.http().get('/api/regions');
    if (header) req.set('Authorization', header);
    const res = await req.expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized', details: [] });
  });
});

describe('jurisdiction', () => {
  const grids = demoCity.regions.filter((r) => r.level === 'grid');

  it('lists 60 grids, and regions by parent', async () => {
    const token = await t.token('insp-cq-a1-n01-g1');
    const res = await t.http().get('/api/regions?level=grid').set(auth(token)).expect(200);
    expect(res.body.items).toHaveLength(60);
    expect(res.body.items[0]).toEqual({ code: expect.any(String), name: expect.any(String), level: 'grid', parentCode: expect.any(String) });
    const streets = await t.http().get('/api/regions?parentCode=XH').set(auth(token)).expect(200);
    expect(streets.body.items.map((r: { code: string }) => r.code)).toEqual(['XH-CQ', 'XH-HN']);
  });

  it('returns a region with its boundary and children; 404 for an unknown code; 400 for a bad level', async () => {
    const token = await t.token('street-cq');
    const res = await t.http().get('/api/regions/XH-CQ-A1').set(auth(token)).expect(200);
    expect(res.body).toMatchObject({ code: 'XH-CQ-A1', level: 'area', parentCode: 'XH-CQ', boundary: { type: 'Polygon' } });
    expect(res.body.children).toHaveLength(demoCity.regions.filter((r) => r.parentCode === 'XH-CQ-A1').length);
    await t.http().get('/api/regions/NOPE').set(auth(token)).expect(404);
    const bad = await t.http().get('/api/regions?level=planet').set(auth(token)).expect(400);
    expect(bad.body.details[0].field).toBe('level');
  });

  it('locates every grid centre in its own grid, with all its ancestors', async () => {
    const token = await t.token('street-cq');
    for (const g of grids) {
      const res = await t.http().get(`/api/regions/locate?lat=${g.center.lat}&lng=${g.center.lng}`).set(auth(token));
      expect(res.status).toBe(200);
      expect(res.body.grid.code).toBe(g.code);
      expect(res.body.neighbourhood.code).toBe(g.parentCode);
      expect(Object.keys(res.body).sort()).toEqual(['area', 'district', 'grid', 'neighbourhood', 'street']);
    }
  });

  it('answers 422 between the two streets and 400 for impossible coordinates', async () => {
    const token = await t.token('street-cq');
    const gap = await t.http().get('/api/regions/locate?lat=31.18&lng=121.445').set(auth(token)).expect(422);
    expect(gap.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    for (const q of ['lat=91&lng=121', 'lat=abc&lng=121', 'lng=121.4', 'lat=31.1&lng=181']) {
      const res = await t.http().get(`/api/regions/locate?${q}`).set(auth(token));
      expect(res.status).toBe(400);
    }
  });
});

describe('catalogue', () => {
  it('lists 10 departments and 20 categories in the demo city shape', async () => {
    const token = await t.token('liaison-cg');
    const deps = await t.http().get('/api/departments').set(auth(token)).expect(200);
    expect(deps.body.items).toHaveLength(10);
    expect(deps.body.items[0]).toEqual({ code: expect.any(String), name: expect.any(String), duties: expect.any(String) });
    const cats = await t.http().get('/api/categories').set(auth(token)).expect(200);
    expect(cats.body.items).toHaveLength(20);
    expect(cats.body.items.find((c: { code: string }) => c.code === '0101')).toEqual(demoCity.categories.find((c) => c.code === '0101'));
  });

  const category = () => structuredClone(demoCity.categories.find((c) => c.code === '0110')!);

  it('lets an admin replace a category', async () => {
    const token = await t.token('admin');
    const body = { ...category(), name: '违章张贴小广告(改)', sla: { ...category().sla, ladder: { ...category().sla.ladder, grid: 'PT3H' } } };
    const res = await t.http().put('/api/categories/0110').set(auth(token)).send(body).expect(200);
    expect(res.body).toEqual(body);
    const again = await t.http().get('/api/categories').set(auth(token)).expect(200);
    expect(again.body.items.find((c: { code: string }) => c.code === '0110').sla.ladder.grid).toBe('PT3H');
  });

  it('refuses a non-admin with 403', async () => {
    for (const user of ['street-cq', 'insp-cq-a1-n01-g1', 'liaison-cg']) {
      await t
        .http()
        .put('/api/categories/0110')
        .set(auth(await t.token(user)))
        .send(category())
        .expect(403);
    }
  });

  it.each([
    ['a bad duration', (c: any) => (c.sla.claim = '2 hours'), 'sla.claim'],
    ['a bad ladder duration', (c: any) => (c.sla.ladder.street = 'P1Y'), 'sla.ladder.street'],
    ['an unknown department', (c: any) => (c.leadDepartmentCode = 'NOPE'), 'leadDepartmentCode'],
    ['an unknown assisting department', (c: any) => (c.assistDepartmentCodes = ['SR', 'ZZ']), 'assistDepartmentCodes'],
    ['a bad rung', (c: any) => (c.entryRung = 'city'), 'entryRung'],
    ['a warn ratio above 1', (c: any) => (c.sla.warnRatio = 1.5), 'sla.warnRatio'],
    ['an unknown field', (c: any) => (c.colour = 'red'), 'colour'],
    ['a missing sla', (c: any) => delete c.sla, 'sla'],
    ['a string where an array belongs', (c: any) => (c.assistDepartmentCodes = 'SR'), 'assistDepartmentCodes'],
  ])('answers 400 naming the field for %s, and changes nothing', async (_, mutate, field) => {
    const token = await t.token('admin');
    const before = await t.http().get('/api/categories/0110').set(auth(token)).expect(200);
    const body = category();
    mutate(body);
    const res = await t.http().put('/api/categories/0110').set(auth(token)).send(body).expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    const after = await t.http().get('/api/categories/0110').set(auth(token)).expect(200);
    expect(after.body).toEqual(before.body);
  });

  it('answers 404 for an unknown category', async () => {
    await t
      .http()
      .put('/api/categories/9999')
      .set(auth(await t.token('admin')))
      .send(category())
      .expect(404);
  });
});
