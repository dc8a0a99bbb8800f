import { as } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const N01 = 'XH-HN-A1-N01';
const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear(); // the district's year (Asia/Shanghai)

const ok = async (res: Promise<{ status: number; body: { id: string } }>, status = 201) => {
  const r = await res;
  if (r.status !== status) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};

describe('GET /api/stats/claims', () => {
  it('counts resources, demands, live claims, matched claims, projects and funds of a region', async () => {
    const street = as(t, 'street-hn');
    const hood = as(t, 'hood-hn-a1-n01');
    const r1 = await ok(
      street.post('/api/resources', { unitCode: 'army-hn', class: '志愿服务', title: '官兵志愿服务', capacity: 3, regionCodes: ['XH-HN'] }),
    );
    const r2 = await ok(street.post('/api/resources', { unitCode: 'ss-hn', class: '文化活动', title: '社区文艺汇演', regionCodes: ['XH-HN-A1'] }));
    const demands: { id: string }[] = [];
    for (const title of ['助老', '文艺', '清扫']) demands.push(await ok(hood.post('/api/demands', { regionCode: N01, class: '志愿服务', title })));
    await ok(street.post(`/api/demands/${demands[0].id}/claim`, { unitCode: 'army-hn', resourceId: r1.id })); // matched
    await ok(hood.post(`/api/resources/${r2.id}/claim`, { regionCode: N01, demandId: demands[1].id })); // matched
    await ok(hood.post(`/api/resources/${r1.id}/claim`, { regionCode: N01 })); // claimed, not matched
    const gone = await ok(street.post(`/api/demands/${demands[2].id}/claim`, { unitCode: 'ss-hn' }));
    await ok(street.delete(`/api/demands/${demands[2].id}/claims/${gone.id}`), 200); // withdrawn: not counted
    const project = (demandId: string, fundsCny: number) =>
      ok(street.post('/api/projects', { title: '共建项目', demandIds: [demandId], leadUnitCode: 'army-hn', year: YEAR, fundsCny, milestones: [] }));
    await project(demands[0].id, 10000);
    const active = await project(demands[1].id, 30000.5);
    await ok(street.post(`/api/projects/${active.id}/start`), 200);

    const expected = { resources: 2, demands: 3, claimed: 3, matched: 2, projects: { proposed: 1, active: 1, done: 0 }, fundsCny: 40000.5 };
    expect((await street.get('/api/stats/claims')).body).toEqual({ regionCode: 'XH-HN', year: null, ...expected });
    expect((await street.get(`/api/stats/claims?year=${YEAR}`)).body).toEqual({ regionCode: 'XH-HN', year: YEAR, ...expected });
    expect((await hood.get('/api/stats/claims')).body).toEqual({ regionCode: N01, year: null, ...expected });
    expect((await as(t, 'admin').get('/api/stats/claims?regionCode=XH-HN-A2')).body).toEqual({
      regionCode: 'XH-HN-A2',
      year: null,
      resources: 1,
      demands: 0,
      claimed: 0,
      matched: 0,
      projects: { proposed: 0, active: 0, done: 0 },
      fundsCny: 0,
    });
    expect((await street.get(`/api/stats/claims?year=${YEAR - 1}`)).body).toMatchObject({
      resources: 0,
      demands: 0,
      claimed: 0,
      matched: 0,
      fundsCny: 0,
    });
    expect((await as(t, 'street-cq').get('/api/stats/claims?regionCode=XH-HN')).status).toBe(404);
    expect((await hood.get('/api/stats/claims?regionCode=XH-HN')).status).toBe(404);
    expect((await as(t, 'liaison-sr').get('/api/stats/claims')).status).toBe(403);
    expect((await street.get('/api/stats/claims?year=12')).status).toBe(400);
  });
});
