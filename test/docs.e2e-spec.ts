import { as, report } from './support/api';
import { discoverRoutes } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * /api/docs documents every response and error shape: each operation of the OpenAPI document has a
 * 2xx response with a schema (or a 204) and error responses with the one error body. A route added
 * without its response decorators fails here. Real answers are checked against their schemas, so the
 * documentation types (src/**\/*.responses.ts) cannot drift from the views silently.
 */

type Schema = {
  $ref?: string;
  type?: string;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
  enum?: unknown[];
};
type Operation = { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

const ERROR_REF = '#/components/schemas/ErrorBody';
// Open311 routes answer GeoReport v2's own error documents, a list of { code, description }.
const OPEN311_ERROR_REF = '#/components/schemas/Open311ErrorBody';
// Errors that are not the error body, on purpose: the health check answers its own `{ status, db }`.
const OWN_ERROR_BODY: Record<string, string[]> = { 'GET /api/health': ['503'] };

let t: TestApp;
let doc: Document;
beforeAll(async () => {
  t = await createTestApp({ API_DOCS: 'true' });
  const res = await t.http().get('/api/docs-json');
  expect(res.status).toBe(200);
  doc = res.body;
});
afterAll(() => t?.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
  );

/** The mismatches between a JSON value and a schema of the document (empty: it fits). */
function mismatches(value: unknown, schema: Schema, at = '$'): string[] {
  if (value === null && schema.nullable) return []; // a nullable object is `{ nullable, allOf: [$ref] }`
  if (schema.$ref) return mismatches(value, doc.components.schemas[schema.$ref.split('/').pop()!], at);
  if (schema.allOf) return schema.allOf.flatMap((s) => mismatches(value, s, at));
  if (value === null) return [`${at} is null`];
  if (schema.enum && !schema.enum.includes(value)) return [`${at} = ${JSON.stringify(value)} is not one of ${schema.enum.join('|')}`];
  if (schema.type === 'array')
    return Array.isArray(value) ? value.flatMap((v, i) => mismatches(v, schema.items ?? {}, `${at}[${i}]`)) : [`${at} is not an array`];
  if (schema.type === 'object' || schema.properties) {
    if (typeof value !== 'object' || Array.isArray(value)) return [`${at} is not an object`];
    const props = schema.properties ?? {};
    const record = value as Record<string, unknown>;
    return [
      ...(schema.required ?? []).filter((k) => !(k in record)).map((k) => `${at}.${k} is missing`),
      ...Object.keys(record)
        .filter((k) => !(k in props) && !schema.additionalProperties)
        .map((k) => `${at}.${k} is not documented`),
      ...Object.entries(record)
        .filter(([k]) => k in props)
        .flatMap(([k, v]) => mismatches(v, props[k], `${at}.${k}`)),
    ];
  }
  const type = schema.type === 'integer' ? 'number' : schema.type;
  return type && typeof value !== type ? [`${at} is ${typeof value}, documented ${type}`] : [];
}

function schemaOf(path: string, method: string, status: number): Schema {
  const response = doc.paths[path]?.[method]?.responses[String(status)];
  const schema = response?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${method.toUpperCase()} ${path} documents no JSON schema for ${status}`);
  return schema;
}

describe('OpenAPI document (/api/docs-json)', () => {
  it('documents every route of the app', () => {
    const documented = new Set(operations().map((o) => o.name));
    const routes = discoverRoutes(t.app)
      .filter((r) => r.path.startsWith('/api/'))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('gives every operation a 2xx response with a schema and error responses with the error body', () => {
    const problems: string[] = [];
    for (const { name, op } of operations()) {
      const statuses = Object.keys(op.responses);
      const ok = statuses.filter((s) => /^2/.test(s));
      if (!ok.length) problems.push(`${name}: no 2xx response`);
      for (const s of ok) {
        const schemas = Object.values(op.responses[s].content ?? {}).map((c) => c.schema);
        if (s !== '204' && !schemas.some((schema) => schema && (schema.$ref || schema.type))) problems.push(`${name}: ${s} has no schema`);
      }
      const errors = statuses.filter((s) => /^[45]/.test(s));
      if (!errors.length) problems.push(`${name}: no error response`);
      for (const s of errors) {
        if (OWN_ERROR_BODY[name]?.includes(s)) continue;
        const schema = op.responses[s].content?.['application/json']?.schema;
        const open311 = name.includes(' /api/open311/');
        if (open311 ? schema?.items?.$ref !== OPEN311_ERROR_REF : schema?.$ref !== ERROR_REF) problems.push(`${name}: ${s} is not the error body`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes the error body as the filter sends it, and every $ref resolves', () => {
    const error = doc.components.schemas.ErrorBody;
    expect(error.required?.sort()).toEqual(['details', 'error', 'message', 'statusCode']);
    const field = doc.components.schemas.FieldErrorBody;
    expect(Object.keys(field.properties ?? {}).sort()).toEqual(['field', 'message']);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => !doc.components.schemas[r])).toEqual([]);
  });

  it('matches what the service answers', async () => {
    const created = await report(t, { categoryCode: '0104', reporter: { name: '张三', phone: '13800000000' } });
    const street = as(t, 'street-cq');
    const liaison = as(t, 'liaison-sr');
    const admin = as(t, 'admin');
    const checks: [string, string, number, { status: number; body: unknown }][] = [
      ['/api/cases', 'post', 201, { status: 201, body: created }],
      ['/api/cases/{id}', 'get', 200, await street.get(`/api/cases/${created.id}`)],
      ['/api/cases', 'get', 200, await street.get('/api/cases?limit=3')],
      ['/api/cases/{id}/timeline', 'get', 200, await street.get(`/api/cases/${created.id}/timeline`)],
      ['/api/tasks', 'get', 200, await liaison.get('/api/tasks?limit=3')],
      ['/api/tasks/{id}/claim', 'post', 200, await liaison.post(`/api/tasks/${created.tasks[0].id}/claim`)],
      [
        '/api/tasks/{id}/extension',
        'post',
        201,
        await liaison.post(`/api/tasks/${created.tasks[0].id}/extension`, { duration: 'PT1H', reason: 'docs' }),
      ],
      ['/api/stats/overview', 'get', 200, await street.get('/api/stats/overview')],
      ['/api/stats/ranking', 'get', 200, await street.get('/api/stats/ranking?groupBy=department')],
      ['/api/regions', 'get', 200, await street.get('/api/regions?level=grid&withBoundary=true')],
      ['/api/regions/{code}', 'get', 200, await street.get('/api/regions/XH-CQ')],
      ['/api/regions/locate', 'get', 200, await street.get('/api/regions/locate?lat=31.1405&lng=121.4205')],
      ['/api/departments', 'get', 200, await street.get('/api/departments')],
      ['/api/categories', 'get', 200, await street.get('/api/categories')],
      ['/api/calendar', 'get', 200, await street.get('/api/calendar')],
      ['/api/auth/me', 'get', 200, await street.get('/api/auth/me')],
      ['/api/users', 'get', 200, await admin.get('/api/users?limit=3')],
      ['/api/audit', 'get', 200, await admin.get('/api/audit')],
      ['/api/health', 'get', 200, await t.http().get('/api/health')],
      ['/api/auth/login', 'post', 200, await t.http().post('/api/auth/login').send({ username: 'street-cq', password: 'demo-password' })],
      [
        '/api/public/reports',
        'post',
        201,
        await t
          .http()
          .post('/api/public/reports')
          .send({ categoryCode: '0101', description: 'docs', location: { lat: 31.1405, lng: 121.4205 } }),
      ],
      ['/api/cases/{id}/resolve', 'post', 400, await street.post(`/api/cases/${created.id}/resolve`, {})],
      ['/api/cases/{id}', 'get', 404, await street.get('/api/cases/00000000-0000-4000-8000-000000000000')],
    ];
    const key = await admin.post('/api/admin/api-keys', { name: 'docs' });
    checks.push(['/api/admin/api-keys', 'post', 201, key], ['/api/admin/api-keys', 'get', 200, await admin.get('/api/admin/api-keys')]);
    const open311 = (path: string) => t.http().get(`/api/open311${path}`);
    const posted = await t
      .http()
      .post('/api/open311/v2/requests.json')
      .type('form')
      .send({ api_key: key.body.key, service_code: '0101', lat: 31.1405, long: 121.4205 });
    checks.push(
      ['/api/open311/discovery.{format}', 'get', 200, await open311('/discovery.json')],
      ['/api/open311/v2/services.{format}', 'get', 200, await open311('/v2/services.json')],
      ['/api/open311/v2/services/{code}.{format}', 'get', 200, await open311('/v2/services/0101.json')],
      ['/api/open311/v2/requests.{format}', 'post', 200, posted],
      ['/api/open311/v2/requests.{format}', 'get', 200, await open311('/v2/requests.json')],
      [
        '/api/open311/v2/requests/{id}.{format}',
        'get',
        200,
        await open311(`/v2/requests/${(posted.body as { service_request_id: string }[])[0].service_request_id}.json`),
      ],
      ['/api/open311/v2/services/{code}.{format}', 'get', 404, await open311('/v2/services/9999.json')],
    );
    const tracking = checks.find(([p]) => p === '/api/public/reports')![3].body as { trackingCode: string };
    checks.push(['/api/public/reports/{trackingCode}', 'get', 200, await t.http().get(`/api/public/reports/${tracking.trackingCode}`)]);
    const problems = checks.flatMap(([path, method, status, res]) =>
      res.status !== status
        ? [`${method} ${path}: answered ${res.status}`]
        : mismatches(res.body, schemaOf(path, method, status), `${method} ${path}`),
    );
    expect(problems).toEqual([]);
  });

  it('matches what the party-building routes answer', async () => {
    const street = as(t, 'street-cq');
    const hood = as(t, 'hood-cq-a1-n01');
    const c = await report(t, { categoryCode: '0101' });
    const demand = await hood.post('/api/demands', { regionCode: 'XH-CQ-A1-N01', class: '环境整治', title: 'docs', caseIds: [c.id] });
    const resource = await street.post('/api/resources', {
      unitCode: 'wy-cq',
      class: '环境整治',
      title: 'docs',
      capacity: 2,
      regionCodes: ['XH-CQ'],
    });
    const claim = await street.post(`/api/demands/${demand.body.id}/claim`, { unitCode: 'wy-cq', resourceId: resource.body.id });
    const regionClaim = await hood.post(`/api/resources/${resource.body.id}/claim`, { regionCode: 'XH-CQ-A1-N01' });
    const project = await street.post('/api/projects', {
      title: 'docs',
      demandIds: [demand.body.id],
      leadUnitCode: 'wy-cq',
      year: 2026,
      milestones: [{ title: 'm', dueAt: '2027-01-01T00:00:00.000Z' }],
    });
    const started = await street.post(`/api/projects/${project.body.id}/start`);
    const meeting = await street.post('/api/meetings', {
      regionCode: 'XH-CQ',
      kind: 'joint',
      scheduledAt: '2026-01-01T00:00:00.000Z',
      agenda: [{ title: 'docs', projectId: project.body.id }],
    });
    const checks: [string, string, number, { status: number; body: unknown }][] = [
      ['/api/units', 'get', 200, await street.get('/api/units')],
      [
        '/api/units',
        'post',
        201,
        await as(t, 'admin').post('/api/units', {
          code: 'docs-u',
          name: 'd',
          kind: 'social',
          regionCode: 'XH',
          contact: { name: 'n', phone: '13800000000' },
        }),
      ],
      ['/api/units/{code}', 'patch', 200, await street.patch('/api/units/wy-cq', { name: '长桥物业管理有限公司' })],
      ['/api/party/classes', 'get', 200, await street.get('/api/party/classes')],
      ['/api/demands', 'post', 201, demand],
      ['/api/demands', 'get', 200, await street.get('/api/demands')],
      ['/api/demands/{id}', 'get', 200, await street.get(`/api/demands/${demand.body.id}`)],
      ['/api/resources', 'post', 201, resource],
      ['/api/resources', 'get', 200, await street.get('/api/resources')],
      ['/api/resources/{id}', 'get', 200, await street.get(`/api/resources/${resource.body.id}`)],
      ['/api/demands/{id}/claim', 'post', 201, claim],
      ['/api/resources/{id}/claim', 'post', 201, regionClaim],
      ['/api/resources/{id}/claims/{claimId}', 'delete', 200, await hood.delete(`/api/resources/${resource.body.id}/claims/${regionClaim.body.id}`)],
      ['/api/projects', 'post', 201, project],
      ['/api/projects/{id}/start', 'post', 200, started],
      ['/api/projects/{id}/milestones/{index}/complete', 'post', 200, await street.post(`/api/projects/${project.body.id}/milestones/0/complete`)],
      ['/api/projects', 'get', 200, await street.get('/api/projects')],
      ['/api/projects/{id}', 'get', 200, await street.get(`/api/projects/${project.body.id}`)],
      ['/api/meetings', 'post', 201, meeting],
      [
        '/api/meetings/{id}/minutes',
        'post',
        201,
        await street.post(`/api/meetings/${meeting.body.id}/minutes`, { attendees: ['a'], decisions: [{ item: 'i', outcome: 'o', votesFor: 1 }] }),
      ],
      ['/api/meetings', 'get', 200, await street.get('/api/meetings')],
      ['/api/meetings/{id}', 'get', 200, await street.get(`/api/meetings/${meeting.body.id}`)],
      ['/api/public/regions/{code}/notices', 'get', 200, await t.http().get('/api/public/regions/XH-CQ-A1-N01/notices')],
      ['/api/stats/claims', 'get', 200, await street.get('/api/stats/claims')],
      ['/api/projects/{id}/finish', 'post', 200, await street.post(`/api/projects/${project.body.id}/finish`)],
      ['/api/party/classes', 'put', 200, await as(t, 'admin').put('/api/party/classes', { items: ['环境整治', '其他'] })],
    ];
    const problems = checks.flatMap(([path, method, status, res]) =>
      res.status !== status
        ? [`${method} ${path}: answered ${res.status} ${JSON.stringify(res.body)}`]
        : mismatches(res.body, schemaOf(path, method, status), `${method} ${path}`),
    );
    expect(problems).toEqual([]);
  });
});
