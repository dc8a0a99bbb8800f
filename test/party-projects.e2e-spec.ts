import { as, freshSpotInG1, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const N01 = 'XH-CQ-A1-N01';
const DAY = 86_400_000;
const raise = async (extra: Record<string, unknown> = {}) => {
  const res = await as(t, 'hood-cq-a1-n01').post('/api/demands', { regionCode: N01, class: '环境整治', title: '垃圾反复暴露', ...extra });
  if (res.status !== 201) throw new Error(`demand: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
};
const claimed = async (extra: Record<string, unknown> = {}) => {
  const d = await raise(extra);
  const c = await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'wy-cq' });
  if (c.status !== 201) throw new Error(`claim: ${c.status} ${JSON.stringify(c.body)}`);
  return { demand: d, claim: c.body as { id: string } };
};
const project = (demandIds: string[], extra: Record<string, unknown> = {}) =>
  as(t, 'street-cq').post('/api/projects', {
    title: '垃圾分类示范点',
    demandIds,
    leadUnitCode: 'wy-cq',
    partnerUnitCodes: ['school-cq2'],
    year: 2026,
    fundsCny: 50000,
    milestones: [
      { title: '方案', dueAt: '2026-12-31T00:00:00.000Z' },
      { title: '验收', dueAt: '2027-03-31T00:00:00.000Z' },
    ],
    ...extra,
  });
const demandStatus = async (id: string) => (await as(t, 'street-cq').get(`/api/demands/${id}`)).body.status;

describe('projects (POST /api/projects, start|finish|drop, milestones)', () => {
  it('a project of claimed demands is proposed; it runs proposed → active → done, the demands with it', async () => {
    const { demand } = await claimed();
    const res = await project([demand.id]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'proposed',
      regionCode: N01,
      demandIds: [demand.id],
      leadUnitCode: 'wy-cq',
      partnerUnitCodes: ['school-cq2'],
      year: 2026,
      fundsCny: 50000,
      milestones: [
        { index: 0, title: '方案', completedAt: null },
        { index: 1, title: '验收', completedAt: null },
      ],
      effect: null,
    });
    const id = res.body.id;
    expect((await as(t, 'street-cq').post(`/api/projects/${id}/finish`)).status).toBe(409);
    expect((await as(t, 'street-cq').post(`/api/projects/${id}/milestones/0/complete`)).status).toBe(409);
    const started = await as(t, 'street-cq').post(`/api/projects/${id}/start`);
    expect([started.status, started.body.status]).toEqual([200, 'active']);
    expect(started.body.startedAt).toEqual(expect.any(String));
    expect(started.body.effect).toMatchObject({ pairs: [], before: { count: 0 }, after: { count: 0 } });
    expect(await demandStatus(demand.id)).toBe('in_project');
    expect((await as(t, 'street-cq').post(`/api/projects/${id}/start`)).status).toBe(409);
    const m = await as(t, 'street-cq').post(`/api/projects/${id}/milestones/1/complete`);
    expect([m.status, m.body.milestones[1].completedAt]).toEqual([200, expect.any(String)]);
    expect((await as(t, 'street-cq').post(`/api/projects/${id}/milestones/1/complete`)).status).toBe(409);
    expect((await as(t, 'street-cq').post(`/api/projects/${id}/milestones/7/complete`)).status).toBe(404);
    expect((await as(t, 'street-cq').post(`/api/projects/${id}/milestones/x/complete`)).status).toBe(400);
    const done = await as(t, 'street-cq').post(`/api/projects/${id}/finish`);
    expect([done.status, done.body.status]).toEqual([200, 'done']);
    expect(await demandStatus(demand.id)).toBe('done');
    for (const cmd of ['start', 'finish', 'drop']) expect((await as(t, 'street-cq').post(`/api/projects/${id}/${cmd}`)).status).toBe(409);
  });

  it('dropping an active project gives its demands back to their claims', async () => {
    const { demand } = await claimed();
    const id = (await project([demand.id])).body.id;
    await as(t, 'street-cq').post(`/api/projects/${id}/start`);
    const dropped = await as(t, 'admin').post(`/api/projects/${id}/drop`);
    expect([dropped.status, dropped.body.status, dropped.body.droppedAt]).toEqual([200, 'dropped', expect.any(String)]);
    expect(await demandStatus(demand.id)).toBe('claimed');
    expect((await project([demand.id])).status).toBe(201); // free for another project
  });

  it('withdrawal: allowed before the project starts (the start then fails), 409 after', async () => {
    const a = await claimed();
    const p = (await project([a.demand.id])).body.id;
    expect((await as(t, 'street-cq').delete(`/api/demands/${a.demand.id}/claims/${a.claim.id}`)).status).toBe(200);
    const start = await as(t, 'street-cq').post(`/api/projects/${p}/start`);
    expect([start.status, start.body.details[0].field]).toEqual([409, 'demandIds']);
    const b = await claimed();
    const q = (await project([b.demand.id])).body.id;
    await as(t, 'street-cq').post(`/api/projects/${q}/start`);
    expect((await as(t, 'street-cq').delete(`/api/demands/${b.demand.id}/claims/${b.claim.id}`)).status).toBe(409);
    expect(await demandStatus(b.demand.id)).toBe('in_project');
  });

  it('refuses unclaimed demands (409), a demand in another project (409), bad units (400) and other roles (403)', async () => {
    const open = await raise();
    expect((await project([open.id])).body.details).toEqual([{ field: 'demandIds', message: expect.stringContaining(open.id) }]);
    const { demand } = await claimed();
    expect((await project([demand.id])).status).toBe(201);
    expect((await project([demand.id])).status).toBe(409);
    const other = await claimed();
    expect((await project([other.demand.id], { leadUnitCode: 'nope' })).body.details[0].field).toBe('leadUnitCode');
    expect((await project([other.demand.id], { partnerUnitCodes: ['wy-cq'] })).body.details[0].field).toBe('partnerUnitCodes');
    expect((await project([other.demand.id], { leadUnitCode: 'army-hn' })).status).toBe(403);
    expect((await project(['00000000-0000-4000-8000-000000000000'])).body.details[0].field).toBe('demandIds');
    for (const [extra, field] of [
      [{ year: 1999 }, 'year'],
      [{ fundsCny: -1 }, 'fundsCny'],
      [{ milestones: [{ title: 'x', dueAt: 'soon' }] }, 'milestones.0.dueAt'],
      [{ demandIds: [] }, 'demandIds'],
    ] as const)
      expect((await project([other.demand.id], extra)).body.details.map((d: { field: string }) => d.field)).toContain(field);
    for (const user of ['hood-cq-a1-n01', 'area-cq-a1', 'liaison-sr', 'wall-cq'])
      expect(
        (await as(t, user).post('/api/projects', { title: 'x', demandIds: [other.demand.id], leadUnitCode: 'wy-cq', year: 2026, milestones: [] }))
          .status,
      ).toBe(403);
  });

  it('lists the projects a region may see', async () => {
    const ids = async (user: string, q = '') => (await as(t, user).get(`/api/projects?limit=500${q}`)).body.items.map((p: { id: string }) => p.id);
    const { demand } = await claimed();
    const id = (await project([demand.id], { year: 2027 })).body.id;
    expect(await ids('hood-cq-a1-n01')).toContain(id);
    expect(await ids('hood-cq-a1-n02')).not.toContain(id);
    expect(await ids('street-cq', '&year=2027')).toEqual([id]);
    expect(await ids('street-cq', '&status=done&year=2027')).toEqual([]);
    expect(await ids('street-hn')).toEqual([]);
    expect((await as(t, 'street-hn').get(`/api/projects/${id}`)).status).toBe(404);
  });
});

describe('a project’s effect (GET /api/projects/:id)', () => {
  it('counts the cited cases’ category in their grids, 90 days before the start against the days since, per 30 days', async () => {
    const now = Date.now();
    const start = new Date(now - 10 * DAY);
    // Cases placed in time by SQL: day offsets from the start.
    const at = async (offsetDays: number, extra: Record<string, unknown> = {}) => {
      const c = await report(t, { categoryCode: '0101', location: freshSpotInG1(), ...extra });
      await t.sql(`UPDATE grid_case SET created_at = $2 WHERE id = $1`, [c.id, new Date(start.getTime() + offsetDays * DAY)]);
      return c.id as string;
    };
    const cited = await at(-5);
    for (const d of [-1, -30, -60, -89, -89.9]) await at(d); // before: with the cited one, 6 in 90 days
    await at(-91); // too early
    await at(-2, { categoryCode: '0110' }); // another category in the grid
    await at(-3, { location: undefined, gridCode: 'XH-CQ-A1-N01-G2' }); // the category in another grid
    const cancelled = await at(-4);
    expect((await as(t, 'street-cq').post(`/api/cases/${cancelled}/cancel`, { reason: '无效' })).status).toBe(200);
    await at(1);
    await at(9); // after: 2 in 10 days
    const { demand } = await claimed({ caseIds: [cited] });
    const id = (await project([demand.id])).body.id;
    await as(t, 'street-cq').post(`/api/projects/${id}/start`);
    await t.sql(`UPDATE party_project SET started_at = $2 WHERE id = $1`, [id, start]);

    const res = await as(t, 'hood-cq-a1-n01').get(`/api/projects/${id}`);
    expect(res.status).toBe(200);
    expect(res.body.effect).toEqual({
      pairs: [{ categoryCode: '0101', gridCode: 'XH-CQ-A1-N01-G1' }],
      before: { from: new Date(start.getTime() - 90 * DAY).toISOString(), to: start.toISOString(), days: 90, count: 6, per30Days: 2 },
      after: { from: start.toISOString(), to: expect.any(String), days: 10, count: 2, per30Days: 6 },
      change: 4,
      changeRatio: 2,
    });

    // Once 90 days have passed, the window after is 90 days long: started 110 days before `start`.
    await t.sql(`UPDATE party_project SET started_at = $2 WHERE id = $1`, [id, new Date(start.getTime() - 110 * DAY)]);
    const old = (await as(t, 'street-cq').get(`/api/projects/${id}`)).body.effect;
    expect(old.before).toMatchObject({ days: 90, count: 0, per30Days: 0 });
    expect(old.after).toMatchObject({ to: new Date(start.getTime() - 20 * DAY).toISOString(), days: 90, count: 5, per30Days: 1.67 });
    expect([old.change, old.changeRatio]).toEqual([1.67, null]);
  });
});
