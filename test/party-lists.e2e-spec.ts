import { as, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const N01 = 'XH-CQ-A1-N01';
const demandBody = (extra: Record<string, unknown> = {}) => ({ regionCode: N01, class: '环境整治', title: '楼道堆物反复出现', ...extra });
const raise = async (user = 'hood-cq-a1-n01', extra: Record<string, unknown> = {}) => {
  const res = await as(t, user).post('/api/demands', demandBody(extra));
  if (res.status !== 201) throw new Error(`demand: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};
const offer = async (extra: Record<string, unknown> = {}, user = 'street-cq') => {
  const res = await as(t, user).post('/api/resources', {
    unitCode: 'wy-cq',
    class: '环境整治',
    title: '保洁队每月一次',
    regionCodes: ['XH-CQ'],
    ...extra,
  });
  if (res.status !== 201) throw new Error(`resource: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

describe('demands (需求清单)', () => {
  it('a neighbourhood raises a demand in its own region, citing cases it can see', async () => {
    const c = await report(t, { categoryCode: '0101' });
    const res = await as(t, 'hood-cq-a1-n01').post('/api/demands', demandBody({ detail: '三号楼', caseIds: [c.id] }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'open',
      regionCode: N01,
      class: '环境整治',
      detail: '三号楼',
      caseIds: [c.id],
      claim: null,
      claims: [],
    });
    expect(await t.sql(`SELECT case_id FROM party_demand_case WHERE demand_id = $1`, [res.body.id])).toEqual([{ case_id: c.id }]);
    expect((await as(t, 'hood-cq-a1-n01').get(`/api/demands/${res.body.id}`)).body).toMatchObject({ id: res.body.id, caseIds: [c.id] });
  });

  it('only inside the own region (403); liaison, display and inspector cannot write', async () => {
    expect((await as(t, 'hood-cq-a1-n01').post('/api/demands', demandBody({ regionCode: 'XH-CQ-A1-N02' }))).status).toBe(403);
    expect((await as(t, 'hood-cq-a1-n01').post('/api/demands', demandBody({ regionCode: 'XH-CQ' }))).status).toBe(403);
    expect((await as(t, 'area-cq-a1').post('/api/demands', demandBody({ regionCode: 'XH-CQ-A2-N01' }))).status).toBe(403);
    expect((await as(t, 'area-cq-a1').post('/api/demands', demandBody())).status).toBe(201);
    expect((await as(t, 'street-cq').post('/api/demands', demandBody({ regionCode: 'XH-CQ' }))).status).toBe(201);
    expect((await as(t, 'street-hn').post('/api/demands', demandBody())).status).toBe(403);
    for (const user of ['liaison-sr', 'wall-cq', 'insp-cq-a1-n01-g1', 'admin'])
      expect((await as(t, user).post('/api/demands', demandBody())).status).toBe(403);
  });

  it('refuses cases the caller cannot see (404 naming caseIds) and bad fields (400)', async () => {
    const other = await report(t, { categoryCode: '0101' }); // in N01-G1: invisible to N02
    const res = await as(t, 'hood-cq-a1-n02').post('/api/demands', demandBody({ regionCode: 'XH-CQ-A1-N02', caseIds: [other.id] }));
    expect([res.status, res.body.details]).toEqual([404, [{ field: 'caseIds', message: expect.stringContaining(other.id) }]]);
    const unknown = await as(t, 'hood-cq-a1-n01').post('/api/demands', demandBody({ caseIds: ['00000000-0000-4000-8000-000000000000'] }));
    expect([unknown.status, unknown.body.details[0].field]).toEqual([404, 'caseIds']);
    const outside = await as(t, 'street-cq').post('/api/demands', demandBody({ regionCode: 'XH-CQ-A2', caseIds: [other.id] }));
    expect([outside.status, outside.body.details[0].field]).toEqual([400, 'caseIds']);
    for (const [extra, field] of [
      [{ class: '吃饭' }, 'class'],
      [{ regionCode: 'NOPE' }, 'regionCode'],
      [{ title: '' }, 'title'],
      [{ caseIds: ['x'] }, 'caseIds'],
    ] as const) {
      const bad = await as(t, 'hood-cq-a1-n01').post('/api/demands', demandBody(extra));
      expect([bad.status, bad.body.details.map((d: { field: string }) => d.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
  });

  it('lists what a region may see: its subtree and what concerns it from above', async () => {
    const mine = await raise('hood-cq-a1-n01', { title: 'N01 的需求' });
    const sibling = await raise('hood-cq-a1-n02', { regionCode: 'XH-CQ-A1-N02', title: 'N02 的需求' });
    const streetWide = await raise('street-cq', { regionCode: 'XH-CQ', title: '全街道需求', class: '文化活动' });
    const ids = async (user: string, q = '') => (await as(t, user).get(`/api/demands?limit=500${q}`)).body.items.map((d: { id: string }) => d.id);
    const n01 = await ids('hood-cq-a1-n01');
    expect(n01).toEqual(expect.arrayContaining([mine.id, streetWide.id]));
    expect(n01).not.toContain(sibling.id);
    expect(await ids('street-cq')).toEqual(expect.arrayContaining([mine.id, sibling.id, streetWide.id]));
    expect(await ids('street-hn')).toEqual([]);
    expect(await ids('liaison-sr')).toEqual([]);
    expect(await ids('street-cq', '&regionCode=XH-CQ-A1-N02')).toEqual([sibling.id]);
    expect(await ids('street-cq', '&class=文化活动')).toEqual([streetWide.id]);
    expect((await ids('street-cq', '&status=claimed')).length).toBe(0);
    expect((await as(t, 'hood-cq-a1-n01').get('/api/demands?regionCode=XH-CQ-A1-N02')).status).toBe(404);
    expect((await as(t, 'hood-cq-a1-n01').get(`/api/demands/${sibling.id}`)).status).toBe(404);
    const page = await as(t, 'street-cq').get('/api/demands?limit=2');
    expect(page.body.items).toHaveLength(2);
    const next = await as(t, 'street-cq').get(`/api/demands?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items[0].id).not.toBe(page.body.items[1].id);
  });
});

describe('resources (资源清单)', () => {
  it('a street offers its units’ resources to regions of its street; admin any unit', async () => {
    const r = await offer({ capacity: 2, detail: '每月第一周' });
    expect(r).toMatchObject({
      unitCode: 'wy-cq',
      unitName: '长桥物业管理有限公司',
      capacity: 2,
      claimed: 0,
      remaining: 2,
      regionCodes: ['XH-CQ'],
      claims: [],
    });
    expect(JSON.stringify(r)).not.toContain('13916200103');
    expect(
      (await as(t, 'street-cq').post('/api/resources', { unitCode: 'army-hn', class: '志愿服务', title: 'x', regionCodes: ['XH-CQ'] })).status,
    ).toBe(403);
    const district = await offer({ unitCode: 'hosp-xh8', class: '专业咨询', title: '义诊', regionCodes: ['XH-CQ-A1'] });
    expect(district.regionCodes).toEqual(['XH-CQ-A1']);
    expect(
      (await as(t, 'street-cq').post('/api/resources', { unitCode: 'hosp-xh8', class: '专业咨询', title: 'x', regionCodes: ['XH-HN'] })).status,
    ).toBe(403);
    const outside = await as(t, 'admin').post('/api/resources', { unitCode: 'wy-cq', class: '其他', title: 'x', regionCodes: ['XH-HN'] });
    expect([outside.status, outside.body.details[0].field]).toEqual([400, 'regionCodes']);
    for (const user of ['hood-cq-a1-n01', 'area-cq-a1', 'liaison-sr', 'wall-cq'])
      expect((await as(t, user).post('/api/resources', { unitCode: 'wy-cq', class: '其他', title: 'x', regionCodes: ['XH-CQ'] })).status).toBe(403);
    for (const [extra, field] of [
      [{ class: '吃饭' }, 'class'],
      [{ unitCode: 'nope' }, 'unitCode'],
      [{ capacity: 0 }, 'capacity'],
      [{ regionCodes: [] }, 'regionCodes'],
    ] as const) {
      const bad = await as(t, 'street-cq').post('/api/resources', { unitCode: 'wy-cq', class: '其他', title: 'x', regionCodes: ['XH-CQ'], ...extra });
      expect([bad.status, bad.body.details.map((d: { field: string }) => d.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
  });

  it('lists the resources serving a region', async () => {
    const a2 = await offer({ title: '只给二片区', regionCodes: ['XH-CQ-A2'] });
    const all = await offer({ title: '全街道', class: '便民服务' });
    const ids = async (user: string, q = '') => (await as(t, user).get(`/api/resources?limit=500${q}`)).body.items.map((d: { id: string }) => d.id);
    expect(await ids('hood-cq-a1-n01')).toContain(all.id);
    expect(await ids('hood-cq-a1-n01')).not.toContain(a2.id);
    expect(await ids('street-cq', '&regionCode=XH-CQ-A2-N01')).toEqual(expect.arrayContaining([a2.id, all.id]));
    expect(await ids('street-cq', '&regionCode=XH-CQ-A1-N01')).not.toContain(a2.id);
    expect(await ids('street-cq', '&class=便民服务')).toEqual([all.id]);
    expect(await ids('street-cq', '&unitCode=hosp-xh8')).toHaveLength(1);
    expect(await ids('street-hn')).toEqual([]);
    expect((await as(t, 'street-hn').get(`/api/resources/${all.id}`)).status).toBe(404);
  });
});
