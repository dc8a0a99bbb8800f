import { as } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const N01 = 'XH-CQ-A1-N01';
const raise = async (extra: Record<string, unknown> = {}, user = 'hood-cq-a1-n01') => {
  const res = await as(t, user).post('/api/demands', { regionCode: N01, class: '助老助残', title: '独居老人助餐', ...extra });
  if (res.status !== 201) throw new Error(`demand: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
};
const offer = async (extra: Record<string, unknown> = {}) => {
  const res = await as(t, 'street-cq').post('/api/resources', {
    unitCode: 'icbc-cq',
    class: '助老助残',
    title: '员工志愿助餐',
    regionCodes: ['XH-CQ'],
    ...extra,
  });
  if (res.status !== 201) throw new Error(`resource: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
};
const status = async (demandId: string) => (await as(t, 'street-cq').get(`/api/demands/${demandId}`)).body.status;

describe('a unit claims a demand (POST /api/demands/:id/claim)', () => {
  it('201 with the claim; the demand is claimed and shows it', async () => {
    const d = await raise();
    const res = await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'icbc-cq', note: '每周二' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      side: 'unit',
      demandId: d.id,
      resourceId: null,
      unitCode: 'icbc-cq',
      regionCode: N01,
      status: 'live',
      note: '每周二',
    });
    const got = (await as(t, 'hood-cq-a1-n01').get(`/api/demands/${d.id}`)).body;
    expect(got).toMatchObject({ status: 'claimed', claim: { id: res.body.id } });
    expect((await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'school-cq2' })).status).toBe(409);
  });

  it('20 concurrent claims: one 201, nineteen 409, one live claim', async () => {
    const d = await raise();
    const units = ['icbc-cq', 'school-cq2', 'wy-cq', 'hosp-xh8'];
    const all = await Promise.all(
      [...Array(20)].map((_, i) => as(t, i % 2 ? 'street-cq' : 'admin').post(`/api/demands/${d.id}/claim`, { unitCode: units[i % 4] })),
    );
    expect(all.map((r) => r.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM party_claim WHERE demand_id = $1`, [d.id])).toEqual([{ n: 1 }]);
    expect(await status(d.id)).toBe('claimed');
  });

  it('with a resource: it must be the unit’s and serve the demand’s region; it takes capacity', async () => {
    const r = await offer({ capacity: 1 });
    const d = await raise();
    expect((await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'school-cq2', resourceId: r.id })).body.details[0].field).toBe(
      'resourceId',
    );
    const a2 = await offer({ regionCodes: ['XH-CQ-A2'] });
    expect((await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'icbc-cq', resourceId: a2.id })).status).toBe(400);
    const ok = await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'icbc-cq', resourceId: r.id });
    expect(ok.status).toBe(201);
    expect((await as(t, 'street-cq').get(`/api/resources/${r.id}`)).body).toMatchObject({ claimed: 1, remaining: 0 });
    const d2 = await raise();
    expect((await as(t, 'street-cq').post(`/api/demands/${d2.id}/claim`, { unitCode: 'icbc-cq', resourceId: r.id })).status).toBe(409);
    expect(await status(d2.id)).toBe('open'); // the failed claim left nothing behind
  });

  it('street and admin only, for units they act for; unknown units 400', async () => {
    const d = await raise();
    for (const user of ['hood-cq-a1-n01', 'area-cq-a1', 'liaison-sr', 'wall-cq', 'insp-cq-a1-n01-g1'])
      expect((await as(t, user).post(`/api/demands/${d.id}/claim`, { unitCode: 'icbc-cq' })).status).toBe(403);
    expect((await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'army-hn' })).status).toBe(403);
    expect((await as(t, 'street-hn').post(`/api/demands/${d.id}/claim`, { unitCode: 'army-hn' })).status).toBe(404);
    const bad = await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'nope' });
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'unitCode']);
    expect((await as(t, 'street-cq').post(`/api/demands/00000000-0000-4000-8000-000000000000/claim`, { unitCode: 'icbc-cq' })).status).toBe(404);
  });
});

describe('a community claims a resource (POST /api/resources/:id/claim)', () => {
  it('201 while capacity lasts, 409 after — also under concurrency', async () => {
    const r = await offer({ capacity: 5 });
    const users = ['hood-cq-a1-n01', 'hood-cq-a1-n02', 'area-cq-a1', 'street-cq'];
    const regions = ['XH-CQ-A1-N01', 'XH-CQ-A1-N02', 'XH-CQ-A1', 'XH-CQ'];
    const all = await Promise.all(
      [...Array(12)].map((_, i) => as(t, users[i % 4]).post(`/api/resources/${r.id}/claim`, { regionCode: regions[i % 4] })),
    );
    expect(all.map((x) => x.status).sort()).toEqual([...Array(5).fill(201), ...Array(7).fill(409)]);
    expect(await t.sql(`SELECT claimed FROM party_resource WHERE id = $1`, [r.id])).toEqual([{ claimed: 5 }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM party_claim WHERE resource_id = $1 AND status = 'live'`, [r.id])).toEqual([{ n: 5 }]);
    const claim = all.find((x) => x.status === 201)!.body;
    expect(claim).toMatchObject({ side: 'region', resourceId: r.id, unitCode: 'icbc-cq', status: 'live', demandId: null });
  });

  it('only inside the own region, only where the resource serves; unlimited without a capacity', async () => {
    const r = await offer({ regionCodes: ['XH-CQ-A1'] });
    expect((await as(t, 'hood-cq-a1-n01').post(`/api/resources/${r.id}/claim`, { regionCode: 'XH-CQ-A1-N02' })).status).toBe(403);
    const far = await as(t, 'street-cq').post(`/api/resources/${r.id}/claim`, { regionCode: 'XH-CQ' });
    expect([far.status, far.body.details[0].field]).toEqual([422, 'regionCode']);
    expect((await as(t, 'hood-cq-a2-n01').post(`/api/resources/${r.id}/claim`, { regionCode: 'XH-CQ-A2-N01' })).status).toBe(404);
    for (const user of ['liaison-sr', 'wall-cq', 'insp-cq-a1-n01-g1', 'admin'])
      expect((await as(t, user).post(`/api/resources/${r.id}/claim`, { regionCode: N01 })).status).toBe(403);
    for (let i = 0; i < 3; i++) expect((await as(t, 'hood-cq-a1-n01').post(`/api/resources/${r.id}/claim`, { regionCode: N01 })).status).toBe(201);
  });

  it('naming a demand, it is that demand’s one live claim', async () => {
    const r = await offer();
    const d = await raise();
    const res = await as(t, 'hood-cq-a1-n01').post(`/api/resources/${r.id}/claim`, { regionCode: N01, demandId: d.id });
    expect([res.status, res.body.demandId]).toEqual([201, d.id]);
    expect(await status(d.id)).toBe('claimed');
    expect((await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'wy-cq' })).status).toBe(409);
    expect((await as(t, 'hood-cq-a1-n01').post(`/api/resources/${r.id}/claim`, { regionCode: N01, demandId: d.id })).status).toBe(409);
    const sibling = await raise({ regionCode: 'XH-CQ-A1-N02' }, 'hood-cq-a1-n02');
    const bad = await as(t, 'hood-cq-a1-n01').post(`/api/resources/${r.id}/claim`, { regionCode: N01, demandId: sibling.id });
    expect([bad.status, bad.body.details[0].field]).toEqual([404, 'demandId']);
  });

  it('a resource claim for a demand and unit claims race for the same slot', async () => {
    const r = await offer();
    const d = await raise();
    const all = await Promise.all([
      ...[...Array(10)].map(() => as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'wy-cq' })),
      ...[...Array(10)].map(() => as(t, 'hood-cq-a1-n01').post(`/api/resources/${r.id}/claim`, { regionCode: N01, demandId: d.id })),
    ]);
    expect(all.map((x) => x.status).sort()).toEqual([201, ...Array(19).fill(409)]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM party_claim WHERE demand_id = $1`, [d.id])).toEqual([{ n: 1 }]);
    const claimed = await t.sql<{ claimed: number }>(`SELECT claimed FROM party_resource WHERE id = $1`, [r.id]);
    const live = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM party_claim WHERE resource_id = $1 AND status = 'live'`, [r.id]);
    expect(claimed[0].claimed).toBe(live[0].n);
  });
});

describe('withdrawal (DELETE …/claims/:claimId)', () => {
  it('gives the demand back (open) and the capacity back', async () => {
    const r = await offer({ capacity: 1 });
    const d = await raise();
    const c = (await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'icbc-cq', resourceId: r.id })).body;
    const res = await as(t, 'street-cq').delete(`/api/demands/${d.id}/claims/${c.id}`);
    expect([res.status, res.body.status]).toEqual([200, 'withdrawn']);
    expect(res.body.withdrawnAt).toEqual(expect.any(String));
    expect(await status(d.id)).toBe('open');
    expect((await as(t, 'street-cq').get(`/api/resources/${r.id}`)).body).toMatchObject({ claimed: 0, remaining: 1 });
    expect((await as(t, 'street-cq').delete(`/api/demands/${d.id}/claims/${c.id}`)).status).toBe(409);
    expect((await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'school-cq2' })).status).toBe(201);
  });

  it('a resource claim is withdrawn by its region (or above), not by another region', async () => {
    const r = await offer({ capacity: 3 });
    const c = (await as(t, 'hood-cq-a1-n01').post(`/api/resources/${r.id}/claim`, { regionCode: N01 })).body;
    expect((await as(t, 'hood-cq-a1-n02').delete(`/api/resources/${r.id}/claims/${c.id}`)).status).toBe(403);
    expect((await as(t, 'wall-cq').delete(`/api/resources/${r.id}/claims/${c.id}`)).status).toBe(403);
    expect((await as(t, 'street-cq').delete(`/api/demands/00000000-0000-4000-8000-000000000000/claims/${c.id}`)).status).toBe(404);
    expect((await as(t, 'area-cq-a1').delete(`/api/resources/${r.id}/claims/${c.id}`)).status).toBe(200);
    expect((await as(t, 'street-cq').get(`/api/resources/${r.id}`)).body.claimed).toBe(0);
  });

  it('409 once a project including the demand has started', async () => {
    const d = await raise();
    const c = (await as(t, 'street-cq').post(`/api/demands/${d.id}/claim`, { unitCode: 'icbc-cq' })).body;
    await t.sql(`UPDATE party_demand SET status = 'in_project' WHERE id = $1`, [d.id]); // what a project start does (test/party-projects)
    const res = await as(t, 'street-cq').delete(`/api/demands/${d.id}/claims/${c.id}`);
    expect(res.status).toBe(409);
    expect(await t.sql(`SELECT status FROM party_claim WHERE id = $1`, [c.id])).toEqual([{ status: 'live' }]);
  });
});
