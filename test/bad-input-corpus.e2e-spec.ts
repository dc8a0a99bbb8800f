import { randomUUID } from 'node:crypto';
import { as, report } from './support/api';
import { BAD_AUTH, bodyVariants, PATH_VALUES, type Probe, QUERY_VALUES, RAW_BODIES, validBody } from './support/corpus';
import { discoverRoutes, dtoFields, type Route } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';
import type { Role } from '../src/auth/role';

/**
 * A bad-input corpus generated from the routes and DTOs the app declares (reflection, not a list kept
 * by hand): every field of every DTO gets every bad value, every write route gets raw bodies no DTO
 * describes, every query field and path parameter gets malformed values. Sent as a user allowed to call
 * the route and as no user. Not one answer may be a 5xx, and the service must be healthy afterwards.
 */

// A user of each role (demo city); the liaison is SR's, whose department holds the tasks made below.
const USER_OF: Record<Role, string> = {
  admin: 'admin',
  street: 'street-cq',
  inspector: 'insp-cq-a1-n01-g1',
  liaison: 'liaison-sr',
  neighbourhood: 'hood-cq-a1-n01',
  area: 'area-cq-a1',
  display: 'wall-cq',
};
const EVERYONE = [...Object.values(USER_OF), 'liaison-cg'];
// A 1×1 PNG, to have a real attachment id.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let t: TestApp;
let routes: Route[];
const real: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_RATE_LIMIT: '1000000', LOG_LEVEL: 'error' });
  routes = discoverRoutes(t.app);
  real.case = (await report(t, { categoryCode: '0101' })).id;
  real.task = (await report(t, { categoryCode: '0104' })).tasks[0].id;
  const extTask = (await report(t, { categoryCode: '0104' })).tasks[0].id;
  await as(t, 'liaison-sr').post(`/api/tasks/${extTask}/claim`);
  real.extension = (await as(t, 'liaison-sr').post(`/api/tasks/${extTask}/extension`, { duration: 'PT4H', reason: 'corpus' })).body.id;
  const pub = await t
    .http()
    .post('/api/public/reports')
    .send({ categoryCode: '0101', description: 'corpus', location: { lat: 31.1405, lng: 121.4205 } });
  real.trackingCode = pub.body.trackingCode;
  const upload = await t
    .http()
    .post('/api/attachments')
    .set('Authorization', `Bearer ${await t.token('street-cq')}`)
    .attach('file', PNG, 'a.png');
  real.attachment = upload.body.id;
  for (const [k, v] of Object.entries(real)) if (!v) throw new Error(`corpus setup: no ${k}`);
});
afterAll(() => t?.close());

/** A real, existing value for a path parameter, so the probe gets past "not found". */
function realParam(path: string, param: string): string {
  if (param === 'path') return 'wall.css';
  if (param === 'trackingCode') return real.trackingCode;
  if (param === 'code') return path.includes('/regions') ? 'XH-CQ' : '0101';
  if (path.includes('/extensions/')) return real.extension;
  if (path.includes('/tasks/')) return real.task;
  if (path.includes('/attachments/')) return real.attachment;
  if (path.includes('/cases/')) return real.case;
  return randomUUID();
}

const fill = (r: Route, values: Record<string, string> = {}) => r.path.replace(/[:*](\w+)/g, (_m, p: string) => values[p] ?? realParam(r.path, p));

/** The users who may call the route, taken in turn, so each role's scope code gets its share. */
function allowed(r: Route): string[] {
  if (r.isPublic) return [];
  return r.roles ? r.roles.map((role) => USER_OF[role]) : EVERYONE;
}

function queryString(r: Route, field?: string, raw?: string): string {
  const required = r.query ? dtoFields(r.query).filter((f) => !f.optional && f.name !== field) : [];
  const base = Object.entries(validBody(r.query ?? Object)).filter(([k]) => required.some((f) => f.name === k));
  const parts = base.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`);
  if (raw !== undefined) parts.push(raw);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Every probe for one route, before users are assigned. */
function probesFor(r: Route): Omit<Probe, 'user'>[] {
  const out: Omit<Probe, 'user'>[] = [];
  const name = `${r.method} ${r.path}`;
  const hasBody = r.method !== 'GET' && r.method !== 'DELETE';
  const json = r.body ? JSON.stringify(validBody(r.body)) : undefined;
  const url = fill(r) + queryString(r);
  if (r.body) {
    for (const [label, body] of bodyVariants(r.body))
      out.push({ label: `${name} body ${label}`, method: r.method, url, contentType: 'application/json', body });
  }
  if (hasBody) {
    for (const [label, contentType, body] of RAW_BODIES) out.push({ label: `${name} raw ${label}`, method: r.method, url, contentType, body });
  }
  const queryFields = r.query ? dtoFields(r.query).map((f) => f.name) : [];
  for (const field of queryFields) {
    for (const [label, value] of QUERY_VALUES) {
      out.push({
        label: `${name} ?${field} ${label}`,
        method: r.method,
        url: fill(r) + queryString(r, field, `${field}=${value}`),
        contentType: 'application/json',
        body: json,
      });
    }
  }
  for (const field of [...queryFields, 'limit', 'cursor']) {
    for (const [label, raw] of [
      ['array', `${field}[]=1`],
      ['nested', `${field}[a]=1`],
      ['repeated', `${field}=1&${field}=2`],
      ['NUL key', `${field}%00=1`],
    ]) {
      out.push({
        label: `${name} ?${field} ${label}`,
        method: r.method,
        url: fill(r) + queryString(r, undefined, raw),
        contentType: 'application/json',
        body: json,
      });
    }
  }
  for (const [label, raw] of [
    ['cursor %%%', 'cursor=%%%'],
    ['cursor garbage', `cursor=${Buffer.from('2026-13-45|x').toString('base64url')}`],
    ['from bad date', 'from=2026-13-45'],
    ['limit -1', 'limit=-1'],
    ['limit 1e309', 'limit=1e309'],
    ['unknown key', 'zzz=1'],
    ['__proto__', '__proto__=1&constructor=x'],
    ['separators only', '=&&&=='],
  ]) {
    out.push({
      label: `${name} ?${label}`,
      method: r.method,
      url: fill(r) + queryString(r, undefined, raw),
      contentType: 'application/json',
      body: json,
    });
  }
  for (const param of r.params) {
    for (const [label, value] of PATH_VALUES) {
      out.push({
        label: `${name} :${param} ${label}`,
        method: r.method,
        url: fill(r, { [param]: value }) + queryString(r),
        contentType: 'application/json',
        body: json,
      });
    }
  }
  if (r.path === '/api/cases' && r.method === 'POST') {
    for (const key of ['', ' ', '\t', 'x'.repeat(201), 'x'.repeat(8000), 'caf\u00e9', "' OR 1=1 --"]) {
      out.push({
        label: `${name} Idempotency-Key ${JSON.stringify(key.slice(0, 12))}…`,
        method: r.method,
        url,
        contentType: 'application/json',
        body: json,
        headers: { 'Idempotency-Key': key },
      });
    }
  }
  return out;
}

/**
 * Every probe as each allowed user in turn, and as no user (no or a broken token): all of them on a
 * public route; on a guarded one a quarter, each broken token at least twice — the guard answers
 * them all before any of the route's own code runs, and the body parsers before it see the same
 * bytes in the signed-in probes.
 */
function corpus(): Probe[] {
  return routes.flatMap((r) => {
    const users = allowed(r);
    return probesFor(r).flatMap((p, i): Probe[] => {
      const anonymous: Probe = { ...p, user: null, headers: { ...p.headers, ...authHeader(BAD_AUTH[i % BAD_AUTH.length]) } };
      if (!users.length) return [anonymous];
      const signedIn: Probe = { ...p, user: users[i % users.length] };
      return i % 4 === 0 || i < 2 * BAD_AUTH.length ? [signedIn, anonymous] : [signedIn];
    });
  });
}

const authHeader = (value: string | undefined): Record<string, string> => (value ? { Authorization: value } : {});

async function send(p: Probe): Promise<number | string> {
  const headers: Record<string, string> = { ...p.headers };
  if (p.user) headers.Authorization = `Bearer ${await t.token(p.user)}`;
  if (p.contentType) headers['Content-Type'] = p.contentType;
  // A byte body keeps fetch from adding a content type of its own.
  const body = p.body === undefined ? undefined : p.contentType ? p.body : new TextEncoder().encode(p.body);
  try {
    const res = await fetch(t.baseUrl + p.url, { method: p.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
    await res.arrayBuffer();
    return res.status;
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

async function inParallel<T, R>(items: T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

const CORPUS_TIMEOUT_MS = 180_000;

describe('the bad-input corpus', () => {
  it('finds the routes and DTOs by reflection', () => {
    const withBody = routes.filter((r) => r.body).map((r) => `${r.method} ${r.path}`);
    expect(withBody).toEqual(
      expect.arrayContaining(['POST /api/cases', 'POST /api/public/reports', 'POST /api/auth/login', 'PUT /api/categories/:code']),
    );
    expect(routes.filter((r) => r.query).map((r) => r.path)).toEqual(expect.arrayContaining(['/api/cases', '/api/tasks', '/api/stats/ranking']));
    expect(routes.find((r) => r.path === '/api/cases/:id' && r.method === 'GET')?.params).toEqual(['id']);
  });

  // Ten thousand requests take 25–60 s on this 2-core machine depending on its load: room for a loaded CI run.
  it(
    'answers no probe with a 5xx, and the service is healthy afterwards',
    async () => {
      const probes = corpus();
      await Promise.all(EVERYONE.map((u) => t.token(u)));
      const started = Date.now();
      const statuses = await inParallel(probes, 20, send);
      const seconds = (Date.now() - started) / 1000;

      const histogram: Record<string, number> = {};
      for (const s of statuses) histogram[String(s)] = (histogram[String(s)] ?? 0) + 1;
      const offenders = probes
        .map((p, i) => ({ p, s: statuses[i] }))
        // /api/health answers 503 when PostgreSQL takes over 1.5 s to answer its ping: that is its meaning,
        // and twenty probes at once on two loaded cores once made it so.
        .filter(({ p, s }) => typeof s !== 'number' || (s >= 500 && !(s === 503 && p.url.startsWith('/api/health'))))
        .map(({ p, s }) => `${s} ${p.label} as ${p.user ?? 'no user'}`);
      console.log(
        `bad-input corpus: ${probes.length} requests over ${routes.length} routes (${routes.filter((r) => r.body).length} body DTOs, ` +
          `${routes.filter((r) => r.query).length} query DTOs) in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(histogram)}`,
      );
      expect(probes.length).toBeGreaterThan(1500);
      expect(offenders).toEqual([]);

      const health = await t.http().get('/api/health');
      expect(health.status).toBe(200);
      expect((await t.http().post('/api/auth/login').send({ username: 'street-cq', password: 'demo-password' })).status).toBe(200);
      await report(t, { categoryCode: '0104' });
      expect((await as(t, 'street-cq').get('/api/cases?limit=5')).status).toBe(200);
    },
    CORPUS_TIMEOUT_MS,
  );
});
