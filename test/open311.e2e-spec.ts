import { as, freshSpotInG1, G1, GRIDS } from './support/api';
import { asText, parseOpen311Xml } from './support/open311-xml';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Open311 GeoReport v2 as an Open311 app meets it: every route in JSON and XML (the XML read back must
 * say what the JSON says), form-encoded posts as the spec sends them, the spec's error documents, and
 * no personal data in any read.
 */

const RATE_LIMIT = 25;
let t: TestApp;
let key: string;

beforeAll(async () => {
  t = await createTestApp({ OPEN311_RATE_LIMIT: String(RATE_LIMIT), OPEN311_READ_RATE_LIMIT: '100000' });
  key = (await as(t, 'admin').post('/api/admin/api-keys', { name: 'e2e app' })).body.key;
});
afterAll(() => t?.close());

const FORM = 'application/x-www-form-urlencoded; charset=utf-8';
const post = (format: 'json' | 'xml', body: string, type = FORM) =>
  t.http().post(`/api/open311/v2/requests.${format}`).set('Content-Type', type).send(body);
const get = (path: string) => t.http().get(`/api/open311${path}`);
const enc = (fields: Record<string, string | number>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

/** The same resource in both formats: the XML parses, has the spec's root, and says what the JSON says. */
async function both(path: string, root: string, status = 200): Promise<{ json: unknown; xml: string }> {
  const json = await get(`${path.replace('{fmt}', 'json')}`);
  const xml = await get(`${path.replace('{fmt}', 'xml')}`);
  expect([json.status, xml.status]).toEqual([status, status]);
  expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
  const doc = parseOpen311Xml(xml.text);
  expect(doc.root).toBe(root);
  expect(doc.value).toEqual(asText(json.body));
  return { json: json.body, xml: xml.text };
}

const codeOf = async (code: string) => (await t.sql<{ id: string }>(`SELECT id FROM grid_case WHERE code = $1`, [code]))[0].id;

describe('discovery and services', () => {
  it('serves the discovery document in both formats, pointing at the v2 endpoint', async () => {
    const { json } = await both('/discovery.{fmt}', 'discovery');
    expect(json).toMatchObject({
      endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] }],
    });
    const d = json as { changeset: string; endpoints: { url: string }[] };
    expect(d.endpoints[0].url).toMatch(/\/api\/open311\/v2$/);
    expect(d.changeset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  });

  it('lists one service per category, and defines each with no attributes', async () => {
    const { json } = await both('/v2/services.{fmt}', 'services');
    const services = json as Record<string, unknown>[];
    expect(services).toHaveLength(20);
    expect(services.find((s) => s.service_code === '0101')).toEqual({
      service_code: '0101',
      service_name: '暴露垃圾',
      description: expect.stringContaining('暴露垃圾'),
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('市容环境'),
      group: '市容环境',
    });
    const { json: def } = await both('/v2/services/0101.{fmt}', 'service_definition');
    expect(def).toEqual({ service_code: '0101', attributes: [] });
  });

  it('answers the spec’s own service-list example, byte for byte, with a 404 for its jurisdiction and 200 for ours', async () => {
    const theirs = await get('/v2/services.xml?jurisdiction_id=city.gov');
    expect(theirs.status).toBe(404);
    expect(parseOpen311Xml(theirs.text)).toEqual({ root: 'errors', value: [{ code: '404', description: expect.stringContaining('city.gov') }] });
    expect((await get('/v2/services.xml?jurisdiction_id=XH')).status).toBe(200);
  });

  it('gives Open311 404 documents for an unknown service, request or format', async () => {
    const { json } = await both('/v2/services/9999.{fmt}', 'errors', 404);
    expect(json).toEqual([{ code: 404, description: 'service_code 9999 not found' }]);
    await both('/v2/requests/XH-CQ-20200101-000001.{fmt}', 'errors', 404);
    const html = await get('/v2/services.html');
    expect(html.status).toBe(404);
    expect(parseOpen311Xml(html.text).root).toBe('errors');
  });
});

describe('POST requests', () => {
  it('takes the spec’s example request byte for byte (its key refused: 403), and the same request with our key and place', async () => {
    // GeoReport v2 › POST Service Request › Example Request, as sent.
    const spec =
      'api_key=xyz&jurisdiction_id=city.gov&service_code=001&lat=37.76524078&long=-122.4212043&address_string=1234+5th+street&email=smit333%40sfgov.edu&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=111111111&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001';
    const refused = await post('xml', spec);
    expect(refused.status).toBe(403);
    expect(parseOpen311Xml(refused.text)).toEqual({
      root: 'errors',
      value: [{ code: '403', description: "Invalid api_key received -- can't proceed with create_request." }],
    });

    const p = freshSpotInG1();
    const ours = spec
      .replace('api_key=xyz', `api_key=${key}`)
      .replace('jurisdiction_id=city.gov', 'jurisdiction_id=XH')
      .replace('service_code=001', 'service_code=0101')
      .replace('lat=37.76524078&long=-122.4212043', `lat=${p.lat}&long=${p.lng}`);
    const made = await post('xml', ours);
    expect(made.status).toBe(200);
    const doc = parseOpen311Xml(made.text);
    expect(doc.root).toBe('service_requests');
    const [request] = doc.value as { service_request_id: string; service_notice: string; account_id: string }[];
    expect(request).toEqual({
      service_request_id: expect.stringMatching(/^XH-CQ-\d{8}-\d{6}$/),
      service_notice: expect.any(String),
      account_id: '123456',
    });
    const [row] = await t.sql(
      `SELECT source, grid_code, lat, lng, address, reporter_name, reporter_phone, reporter_email, description, status FROM grid_case WHERE code = $1`,
      [request.service_request_id],
    );
    expect(row).toEqual({
      source: 'open311',
      grid_code: G1,
      lat: p.lat,
      lng: p.lng,
      address: '1234 5th street',
      reporter_name: 'john smith',
      reporter_phone: '111111111',
      reporter_email: 'smit333@sfgov.edu',
      description: 'A large sinkhole is destroying the street',
      status: 'pending',
    });
    // The same intake as every report: routed to the category's entry rung, with its clock and timeline.
    const c = await as(t, 'street-cq').get(`/api/cases/${await codeOf(request.service_request_id)}`);
    expect(c.body).toMatchObject({
      source: 'open311',
      rung: 'neighbourhood',
      holderRegionCode: 'XH-CQ-A1-N01',
      reporter: { name: 'john smith', email: 'smit333@sfgov.edu' },
    });
    expect(c.body.sla.dueAt).not.toBeNull();
    expect(c.body.timeline[0]).toMatchObject({ type: 'created', actor: 'open311:e2e app' });
  });

  it('places a report by address_id (a grid code) in that grid, and answers JSON', async () => {
    const grid = Object.keys(GRIDS).find((g) => g !== G1 && g.startsWith('XH-CQ'))!;
    const res = await post('json', enc({ api_key: key, service_code: '0101', address_id: grid, description: '楼道堆物' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual([{ service_request_id: expect.any(String), service_notice: expect.stringContaining('已受理'), account_id: null }]);
    const [row] = await t.sql(`SELECT grid_code, lat, source FROM grid_case WHERE code = $1`, [res.body[0].service_request_id]);
    expect(row).toEqual({ grid_code: grid, lat: null, source: 'open311' });
  });

  it('takes a JSON body too, and merges a second report of the same problem into the first', async () => {
    const p = freshSpotInG1();
    const body = JSON.stringify({ api_key: key, service_code: '0110', lat: p.lat, long: p.lng, description: '小广告' });
    const first = await post('json', body, 'application/json');
    const second = await post('json', body, 'application/json');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.body[0].service_notice).toContain(first.body[0].service_request_id);
    const [row] = await t.sql<{ status: string }>(`SELECT status FROM grid_case WHERE code = $1`, [second.body[0].service_request_id]);
    expect(row.status).toBe('merged');
    const read = (await get(`/v2/requests/${second.body[0].service_request_id}.json`)).body[0];
    expect(read).toMatchObject({ status: 'open', status_notes: expect.stringContaining(first.body[0].service_request_id) });
  });

  it('answers Open311 error documents: 403 without a key, 404 for another jurisdiction or service, 400 for the rest', async () => {
    const p = freshSpotInG1();
    const noKey = await post('json', enc({ service_code: '0101', lat: p.lat, long: p.lng }));
    expect(noKey.status).toBe(403);
    expect(noKey.body).toEqual([{ code: 403, description: 'api_key is required to post a service request' }]);
    // A bad key wins over a bad body: the key is checked first.
    expect((await post('json', enc({ api_key: 'o311_' + 'x'.repeat(43), lat: 'north' }))).status).toBe(403);
    const cases: [Record<string, string | number>, number, RegExp][] = [
      [{ service_code: '0101', lat: p.lat, long: p.lng, jurisdiction_id: 'city.gov' }, 404, /jurisdiction_id/],
      [{ service_code: '9999', lat: p.lat, long: p.lng }, 404, /service_code 9999/],
      [{ service_code: '0101', lat: 37.76524078, long: -122.4212043 }, 400, /grid/],
      [{ service_code: '0101' }, 400, /address_id/],
      [{ service_code: '0101', lat: p.lat }, 400, /long/],
      [{ service_code: '0101', address_id: 'XH-CQ' }, 400, /not a grid/],
      [{ service_code: '0101', lat: 'north', long: p.lng, email: 'not-an-email' }, 400, /lat|email/],
    ];
    for (const [fields, status, description] of cases) {
      for (const format of ['json', 'xml'] as const) {
        const res = await post(format, enc({ api_key: key, ...fields }));
        expect([fields, format, res.status]).toEqual([fields, format, status]);
        const errors = (format === 'json' ? res.body : parseOpen311Xml(res.text).value) as { code: number | string; description: string }[];
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(String(e.code)).toBe(String(status));
        expect(errors.map((e) => e.description).join(' ')).toMatch(description);
      }
    }
    const two = await post('json', enc({ api_key: key, service_code: '0101', lat: 'north', long: p.lng, email: 'not-an-email' }));
    expect(two.body).toHaveLength(2); // one error per bad field
  });

  it('keeps the API’s own error body everywhere else', async () => {
    const res = await t.http().get('/api/cases');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });
});

describe('GET requests', () => {
  const PERSONAL = { first_name: '晓琳', last_name: '欧阳', phone: '13912345678', email: 'zhang.san@example.org' };
  let code: string;

  beforeAll(async () => {
    const p = freshSpotInG1();
    const res = await post('json', enc({ api_key: key, service_code: '0104', lat: p.lat, long: p.lng, description: '路面不洁', ...PERSONAL }));
    code = res.body[0].service_request_id;
  });

  it('shows a request with the spec’s fields, in both formats, and no personal data in any read', async () => {
    const [row] = await t.sql<{ tracking_code: string; reporter_name: string }>(
      `SELECT tracking_code, reporter_name FROM grid_case WHERE code = $1`,
      [code],
    );
    expect(row.reporter_name).toBe('欧阳晓琳');
    const reads = [
      await both(`/v2/requests/${code}.{fmt}`, 'service_requests'),
      await both(`/v2/requests.{fmt}?service_request_id=${code},XH-CQ-20200101-000001`, 'service_requests'),
      await both('/v2/requests.{fmt}', 'service_requests'),
      await both('/v2/requests.{fmt}?status=open&service_code=0104', 'service_requests'),
    ];
    const [one] = reads[0].json as Record<string, unknown>[];
    expect(Object.keys(one).sort()).toEqual(
      [
        'address',
        'address_id',
        'agency_responsible',
        'description',
        'expected_datetime',
        'lat',
        'long',
        'requested_datetime',
        'service_code',
        'service_name',
        'service_request_id',
        'status',
        'status_notes',
        'updated_datetime',
      ].sort(),
    );
    expect(one).toMatchObject({ service_request_id: code, status: 'open', service_code: '0104', address_id: G1, description: '路面不洁' });
    expect(one.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(reads[1].json).toHaveLength(1);
    expect((reads[2].json as { service_request_id: string }[]).map((r) => r.service_request_id)).toContain(code);
    for (const { json, xml } of reads) {
      for (const text of [JSON.stringify(json), xml]) {
        for (const secret of [...Object.values(PERSONAL), '欧阳晓琳', row.tracking_code]) expect(text).not.toContain(secret);
      }
    }
  });

  it('reads a closed case as closed, updated when it closed; status filters it', async () => {
    const p = freshSpotInG1();
    const made = await post('json', enc({ api_key: key, service_code: '0101', lat: p.lat, long: p.lng, description: '要撤销的' }));
    const closedCode = made.body[0].service_request_id;
    const cancel = await as(t, 'street-cq').post(`/api/cases/${await codeOf(closedCode)}/cancel`, { reason: '无效' });
    expect(cancel.status).toBe(200);
    const [row] = await t.sql<{ closed_at: Date | null; updated_at: Date }>(`SELECT closed_at, updated_at FROM grid_case WHERE code = $1`, [
      closedCode,
    ]);
    const { json } = await both(`/v2/requests/${closedCode}.{fmt}`, 'service_requests');
    const [read] = json as { status: string; updated_datetime: string; expected_datetime: string | null }[];
    expect(read.status).toBe('closed');
    expect(read.expected_datetime).toBeNull();
    expect(new Date(read.updated_datetime).getTime()).toBe(Math.floor(new Date(row.closed_at ?? row.updated_at).getTime() / 1000) * 1000);
    const closedList = (await get('/v2/requests.json?status=closed')).body as { service_request_id: string; status: string }[];
    expect(closedList.map((r) => r.service_request_id)).toContain(closedCode);
    expect(closedList.every((r) => r.status === 'closed')).toBe(true);
    const openList = (await get('/v2/requests.json?status=open')).body as { service_request_id: string }[];
    expect(openList.map((r) => r.service_request_id)).not.toContain(closedCode);
  });

  it('takes the spec’s GET example byte for byte (404 for its jurisdiction), and refuses spans over 90 days and bad dates', async () => {
    const example = '/v2/requests.xml?start_date=2010-05-24T00:00:00Z&end_date=2010-06-24T00:00:00Z&status=open&jurisdiction_id=city.gov';
    expect((await get(example)).status).toBe(404);
    const ours = await get(example.replace('city.gov', 'XH'));
    expect(ours.status).toBe(200);
    expect(parseOpen311Xml(ours.text)).toEqual({ root: 'service_requests', value: [] });
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const within = await get(`/v2/requests.json?start_date=${iso(now - 3_600_000)}&end_date=${iso(now + 60_000)}`);
    expect((within.body as { service_request_id: string }[]).map((r) => r.service_request_id)).toContain(code);
    for (const q of [
      `start_date=${iso(now - 91 * 86_400_000)}&end_date=${iso(now)}`,
      'start_date=2026-13-45T00:00:00Z',
      'end_date=2026-11-01T00:00:00',
      `start_date=${iso(now)}&end_date=${iso(now - 60_000)}`,
      'status=pending',
    ]) {
      const { json } = await both(`/v2/requests.{fmt}?${q}`, 'errors', 400);
      expect([q, (json as { code: number }[])[0].code]).toEqual([q, 400]);
    }
  });
});

describe('API keys', () => {
  it('are created (shown once), listed without key material, and refused at once when deleted', async () => {
    const admin = as(t, 'admin');
    const made = await admin.post('/api/admin/api-keys', { name: 'FixMyStreet' });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      id: expect.any(String),
      name: 'FixMyStreet',
      prefix: made.body.key.slice(0, 11),
      key: expect.stringMatching(/^o311_[\w-]{43}$/),
      createdBy: expect.any(String),
      createdAt: expect.any(String),
      revokedAt: null,
    });
    const listed = await admin.get('/api/admin/api-keys');
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((k: { id: string }) => k.id === made.body.id)).toEqual({ ...made.body, key: undefined });
    expect(JSON.stringify(listed.body)).not.toContain(made.body.key);
    expect((await t.sql(`SELECT 1 FROM api_key WHERE key_hash::text LIKE $1`, [`%${made.body.key}%`])).length).toBe(0);

    const p = freshSpotInG1();
    const form = enc({ api_key: made.body.key, service_code: '0101', lat: p.lat, long: p.lng });
    expect((await post('json', form)).status).toBe(200);
    const del = await t
      .http()
      .delete(`/api/admin/api-keys/${made.body.id}`)
      .set('Authorization', `Bearer ${await t.token('admin')}`);
    expect(del.status).toBe(204);
    const after = await post('json', form);
    expect(after.status).toBe(403);
    expect(after.body).toEqual([{ code: 403, description: "Invalid api_key received -- can't proceed with create_request." }]);
    const unknown = await t
      .http()
      .delete(`/api/admin/api-keys/00000000-0000-4000-8000-000000000000`)
      .set('Authorization', `Bearer ${await t.token('admin')}`);
    expect(unknown.status).toBe(404);
  });

  it('are for admins only', async () => {
    expect((await as(t, 'street-cq').post('/api/admin/api-keys', { name: 'x' })).status).toBe(403);
    expect((await as(t, 'street-cq').get('/api/admin/api-keys')).status).toBe(403);
    expect((await as(t, 'admin').post('/api/admin/api-keys', { name: ' ' })).status).toBe(400);
  });

  it('each get their own rate limit; past it a 429 Open311 document', async () => {
    const own = (await as(t, 'admin').post('/api/admin/api-keys', { name: 'flood' })).body.key;
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT; i++) statuses.push((await post('json', enc({ api_key: own, service_code: '' }))).status);
    expect(statuses.every((s) => s === 400)).toBe(true);
    const over = await post('xml', enc({ api_key: own, service_code: '' }));
    expect(over.status).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(parseOpen311Xml(over.text)).toEqual({ root: 'errors', value: [{ code: '429', description: expect.stringContaining('api_key') }] });
    // Another key is not held back by this one's flood.
    expect((await post('json', enc({ api_key: key, service_code: '' }))).status).toBe(400);
  });
});
