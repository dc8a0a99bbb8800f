import { as, freshSpotInG1 } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const order = (externalRef: string, extra: Record<string, unknown> = {}) => ({
  categoryCode: '0101',
  description: '12345 来电：楼道堆物',
  location: freshSpotInG1(),
  source: 'hotline',
  externalRef,
  requestType: 'complaint',
  reporter: { name: '李先生', phone: '13900000002' },
  ...extra,
});

describe('12345 work orders on POST /api/cases', () => {
  it('keeps the work order’s number and kind on the case', async () => {
    const res = await as(t, 'street-cq').post('/api/cases', order('GD-20261201-0001'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'hotline', externalRef: 'GD-20261201-0001', requestType: 'complaint', receivedAt: null });
    expect((await as(t, 'street-cq').get(`/api/cases/${res.body.id}`)).body).toMatchObject({ externalRef: 'GD-20261201-0001' });
  });

  it('keeps when the platform took the call', async () => {
    const res = await as(t, 'street-cq').post('/api/cases', order('GD-20261201-0004', { receivedAt: '2026-11-30T09:15:00+08:00' }));
    expect(res.status).toBe(201);
    expect(res.body.receivedAt).toBe('2026-11-30T01:15:00.000Z');
  });

  it('a second case with the same number is a 409 naming the existing case', async () => {
    const first = await as(t, 'street-cq').post('/api/cases', order('GD-20261201-0002'));
    const again = await as(t, 'street-cq').post('/api/cases', order('GD-20261201-0002', { description: '重复派单' }));
    expect(again.status).toBe(409);
    expect(again.body.message).toContain(first.body.code);
    expect(again.body.details).toEqual([{ field: 'externalRef', message: expect.stringContaining(first.body.id) }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM grid_case WHERE external_ref = 'GD-20261201-0002'`)).toEqual([{ n: 1 }]);
  });

  it('ten at once with one number: one 201, nine 409s, one case', async () => {
    const all = await Promise.all([...Array(10)].map(() => as(t, 'street-cq').post('/api/cases', order('GD-20261201-0003'))));
    expect(all.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    const code = all.find((r) => r.status === 201)!.body.code;
    expect(all.filter((r) => r.status === 409).every((r) => (r.body.message as string).includes(code))).toBe(true);
    expect(await t.sql(`SELECT count(*)::int AS n FROM grid_case WHERE external_ref = 'GD-20261201-0003'`)).toEqual([{ n: 1 }]);
  });

  it.each([
    [{ source: 'patrol' }, 'source'],
    [{ source: undefined }, 'source'],
    [{ requestType: 'praise' }, 'requestType'],
    [{ externalRef: '' }, 'externalRef'],
    [{ externalRef: '工单 1' }, 'externalRef'],
    [{ externalRef: 'x'.repeat(65) }, 'externalRef'],
    [{ receivedAt: 'yesterday' }, 'receivedAt'],
    [{ receivedAt: '2099-01-01T00:00:00Z' }, 'receivedAt'],
    [{ source: 'patrol', externalRef: undefined, requestType: undefined, receivedAt: '2026-11-30T01:15:00Z' }, 'source'],
  ])('refuses %p (400 naming %s)', async (extra, field) => {
    const res = await as(t, 'street-cq').post('/api/cases', order('GD-20261201-0009', extra));
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });
});
