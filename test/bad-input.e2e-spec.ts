import { connect } from 'node:net';
import { as, G1, INSPECTOR_G1, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
let caseId: string;
let taskId: string;
beforeAll(async () => {
  t = await createTestApp();
  caseId = (await report(t, { categoryCode: '0101' })).id;
  taskId = (await report(t, { categoryCode: '0104' })).tasks[0].id;
});
afterAll(() => t?.close());

const huge = 'x'.repeat(5000);
const loc = { lat: 31.143, lng: 121.424 };
const uuid = '00000000-0000-4000-8000-000000000000';

type Row = [label: string, user: string | null, method: 'post' | 'get', path: () => string, body: unknown, status: number];

const rows: Row[] = [
  // intake
  ['case: missing description', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', gridCode: G1 }, 400],
  ['case: description too long', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', gridCode: G1, description: huge }, 400],
  [
    'case: lat as string',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', location: { lat: '31.1', lng: 121.4 } },
    400,
  ],
  [
    'case: lat out of range',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', location: { lat: 95, lng: 121.4 } },
    400,
  ],
  [
    'case: lng out of range',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', location: { lat: 31, lng: -200 } },
    400,
  ],
  ['case: location not an object', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', description: 'x', location: 'here' }, 400],
  ['case: unknown field', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1, colour: 'red' }, 400],
  [
    'case: unknown nested field',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', location: { ...loc, alt: 3 } },
    400,
  ],
  ['case: bad source', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1, source: 'fax' }, 400],
  ['case: bad priority', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1, priority: 'high' }, 400],
  ['case: photos not uuids', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1, photos: ['a'] }, 400],
  [
    'case: resolvedOnSite as string',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', gridCode: G1, resolvedOnSite: 'yes' },
    400,
  ],
  [
    'case: bad phone',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', gridCode: G1, reporter: { phone: 'call me' } },
    400,
  ],
  ['case: body is an array', INSPECTOR_G1, 'post', () => '/api/cases', [1, 2], 400],
  ['case: unknown category', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0000', description: 'x', gridCode: G1 }, 422],
  [
    'case: outside every grid',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', location: { lat: 0, lng: 0 } },
    422,
  ],
  ['case: no token', null, 'post', () => '/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1 }, 401],
  ['case: liaison may not report', 'liaison-cg', 'post', () => '/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1 }, 403],
  // reading
  ['case: malformed id', 'street-cq', 'get', () => '/api/cases/not-a-uuid', undefined, 400],
  ['case: unknown id', 'street-cq', 'get', () => `/api/cases/${uuid}`, undefined, 404],
  ['list: bad status', 'street-cq', 'get', () => '/api/cases?status=open', undefined, 400],
  ['list: limit too big', 'street-cq', 'get', () => '/api/cases?limit=501', undefined, 400],
  ['list: limit not a number', 'street-cq', 'get', () => '/api/cases?limit=ten', undefined, 400],
  ['list: overdue not boolean', 'street-cq', 'get', () => '/api/cases?overdue=maybe', undefined, 400],
  ['list: unknown query field', 'street-cq', 'get', () => '/api/cases?colour=red', undefined, 400],
  ['list: region outside scope', 'street-cq', 'get', () => '/api/cases?regionCode=XH-HN', undefined, 404],
  ['tasks: bad status', 'liaison-sr', 'get', () => '/api/tasks?status=open', undefined, 400],
  // commands
  ['resolve: missing note', 'hood-cq-a1-n01', 'post', () => `/api/cases/${caseId}/resolve`, {}, 400],
  ['resolve: note too long', 'hood-cq-a1-n01', 'post', () => `/api/cases/${caseId}/resolve`, { note: huge }, 400],
  ['escalate: missing reason', 'hood-cq-a1-n01', 'post', () => `/api/cases/${caseId}/escalate`, {}, 400],
  ['whistle: empty departments', 'street-cq', 'post', () => `/api/cases/${caseId}/whistle`, { departmentCodes: [], reason: 'x' }, 400],
  ['whistle: departments not strings', 'street-cq', 'post', () => `/api/cases/${caseId}/whistle`, { departmentCodes: [1], reason: 'x' }, 400],
  ['whistle: unknown department', 'street-cq', 'post', () => `/api/cases/${caseId}/whistle`, { departmentCodes: ['ZZ'], reason: 'x' }, 400],
  ['whistle: inspector may not', INSPECTOR_G1, 'post', () => `/api/cases/${caseId}/whistle`, { departmentCodes: ['CG'], reason: 'x' }, 403],
  ['dispatch: bad rung', 'street-cq', 'post', () => `/api/cases/${caseId}/dispatch`, { rung: 'city' }, 400],
  ['verify: passed as string', INSPECTOR_G1, 'post', () => `/api/cases/${caseId}/verify`, { passed: 'yes', note: 'x' }, 400],
  ['verify: not resolved', INSPECTOR_G1, 'post', () => `/api/cases/${caseId}/verify`, { passed: true, note: 'x' }, 409],
  ['claim: unknown case', 'street-cq', 'post', () => `/api/cases/${uuid}/claim`, undefined, 404],
  ['task claim: unknown task', 'liaison-sr', 'post', () => `/api/tasks/${uuid}/claim`, undefined, 404],
  ['task claim: malformed id', 'liaison-sr', 'post', () => '/api/tasks/123/claim', undefined, 400],
  ['task complete: missing note', 'liaison-sr', 'post', () => `/api/tasks/${taskId}/complete`, {}, 400],
  ['task return: reason a number', 'liaison-sr', 'post', () => `/api/tasks/${taskId}/return`, { reason: 42 }, 400],
  ['extension: bad duration', 'liaison-sr', 'post', () => `/api/tasks/${taskId}/extension`, { duration: '2 days', reason: 'x' }, 400],
  ['extension: months are ambiguous', 'liaison-sr', 'post', () => `/api/tasks/${taskId}/extension`, { duration: 'P1M', reason: 'x' }, 400],
  ['extension decide: unknown', 'street-cq', 'post', () => `/api/extensions/${uuid}/decide`, { approved: true }, 404],
  ['extension decide: approved missing', 'street-cq', 'post', () => `/api/extensions/${uuid}/decide`, {}, 400],
  // residents
  ['public: missing location', null, 'post', () => '/api/public/reports', { categoryCode: '0101', description: 'x' }, 400],
  [
    'public: unknown field',
    null,
    'post',
    () => '/api/public/reports',
    { categoryCode: '0101', description: 'x', location: loc, priority: 'urgent' },
    400,
  ],
  ['public: unknown category', null, 'post', () => '/api/public/reports', { categoryCode: '0000', description: 'x', location: loc }, 422],
  [
    'public: outside every grid',
    null,
    'post',
    () => '/api/public/reports',
    { categoryCode: '0101', description: 'x', location: { lat: 1, lng: 1 } },
    422,
  ],
  ['public rating: bad value', null, 'post', () => '/api/public/reports/AAAAA-AAAAA/rating', { satisfaction: 'great' }, 400],
  ['public rating: unknown code', null, 'post', () => '/api/public/reports/AAAAA-AAAAA/rating', { satisfaction: 'satisfied' }, 404],
  // control characters, wherever they come in
  ['case: NUL in description', INSPECTOR_G1, 'post', () => '/api/cases', { categoryCode: '0101', description: 'a\u0000b', gridCode: G1 }, 400],
  [
    'case: ESC in reporter name',
    INSPECTOR_G1,
    'post',
    () => '/api/cases',
    { categoryCode: '0101', description: 'x', gridCode: G1, reporter: { name: 'x\u001b[31m' } },
    400,
  ],
  ['public: NUL in description', null, 'post', () => '/api/public/reports', { categoryCode: '0101', description: 'a\u0000b', location: loc }, 400],
  ['login: NUL in username', null, 'post', () => '/api/auth/login', { username: 'street-cq\u0000', password: 'x' }, 400],
  ['list: NUL in q', 'street-cq', 'get', () => '/api/cases?q=%00', undefined, 400],
  ['list: DEL in regionCode', 'street-cq', 'get', () => '/api/cases?regionCode=XH%7F', undefined, 400],
  ['case: NUL in path id', 'street-cq', 'get', () => '/api/cases/%00', undefined, 400],
  ['region: NUL in path code', 'street-cq', 'get', () => '/api/regions/%00', undefined, 400],
  ['resolve: null photos', 'hood-cq-a1-n01', 'post', () => `/api/cases/${caseId}/resolve`, { note: 'x', photos: null }, 400],
];

describe('bad input gets a clear 4xx naming the field, never a 500, and writes nothing', () => {
  it.each(rows)('%s', async (_label, user, method, path, body, status) => {
    const before = await t.sql<{ events: string; cases: string }>(
      `SELECT (SELECT count(*) FROM case_event) AS events, (SELECT count(*) FROM grid_case) AS cases`,
    );
    let req = t.http()[method](path());
    if (user) req = req.set('Authorization', `Bearer ${await t.token(user)}`);
    const res = body === undefined ? await req : await req.send(body as object);
    expect(res.status).toBe(status);
    expect(res.body).toMatchObject({ statusCode: status, error: expect.any(String), message: expect.any(String), details: expect.any(Array) });
    if (status === 400) expect(res.body.details.length).toBeGreaterThan(0);
    const after = await t.sql(`SELECT (SELECT count(*) FROM case_event) AS events, (SELECT count(*) FROM grid_case) AS cases`);
    expect(after).toEqual(before);
  });

  it('names each field holding a control character, by its path', async () => {
    const res = await as(t, INSPECTOR_G1).post('/api/cases', {
      categoryCode: '0101',
      description: 'tabs\tand\r\nnewlines are fine',
      gridCode: G1,
      reporter: { name: 'a\u0007' },
      photos: ['\u0000'],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'Invalid reporter.name, photos[0]' });
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['reporter.name', 'photos[0]']);
  });

  it('refuses JSON nested deeper than 32 before parsing it, and keeps the 1 MB limit', async () => {
    for (const body of ['['.repeat(5000) + ']'.repeat(5000), '{"a":'.repeat(33) + '1' + '}'.repeat(33), '['.repeat(100000)]) {
      const res = await t.http().post('/api/public/reports').set('Content-Type', 'application/json').send(body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, message: 'JSON nested too deeply' });
    }
    const big = await t
      .http()
      .post('/api/public/reports')
      .send({ description: 'x'.repeat(1_100_000) });
    expect(big.status).toBe(413);
  });

  it('gives every request an id: a safe incoming X-Request-Id is kept, anything else replaced', async () => {
    const kept = await t.http().get('/api/health').set('X-Request-Id', 'lb-1234.abc');
    expect(kept.headers['x-request-id']).toBe('lb-1234.abc');
    const replaced = await t.http().get('/api/health').set('X-Request-Id', '<script>alert(1)</script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.http().get('/api/health')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never lets a control character in a header through (Node refuses the request)', async () => {
    const url = new URL(t.baseUrl);
    const status = await new Promise<number>((resolve, reject) => {
      // http.request itself refuses such a header, so write the request by hand.
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(`POST /api/cases HTTP/1.1\r\nHost: x\r\nIdempotency-Key: a\u0000b\r\nContent-Length: 0\r\n\r\n`);
      });
      socket.on('data', (d: Buffer) => {
        resolve(Number(d.toString().split(' ')[1]));
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(status).toBe(400);
  });

  it('answers broken JSON with 400 on every write route', async () => {
    const token = await t.token('street-cq');
    for (const path of ['/api/cases', `/api/cases/${caseId}/resolve`, `/api/tasks/${taskId}/complete`, '/api/public/reports']) {
      const res = await t.http().post(path).set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"note": ');
      expect(res.status).toBe(400);
    }
  });
});
