import { periodOf } from '../src/evaluation/domain/period';
import { as, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const STREET = 'street-cq';
const SR = 'liaison-sr';
const month = periodOf(new Date(), 'month').code;

/** SR's task on a G1 case, done, verified and called back `satisfaction`. */
async function srCaseClosed(satisfaction: string) {
  const c = await report(t, { categoryCode: '0104' });
  const task = c.tasks[0];
  expect((await as(t, SR).post(`/api/tasks/${task.id}/claim`)).status).toBe(200);
  expect((await as(t, SR).post(`/api/tasks/${task.id}/complete`, { note: '已冲洗' })).status).toBe(200);
  expect((await as(t, STREET).post(`/api/cases/${c.id}/verify`, { passed: true, note: 'ok' })).status).toBe(200);
  expect((await as(t, STREET).post(`/api/cases/${c.id}/callback`, { reached: true, satisfaction })).status).toBe(201);
}

const cards = (user = STREET, period = month) => as(t, user).get(`/api/evaluation/scorecards?scheme=xh-631&period=${period}`);
const scores = (items: object[], user = STREET, period = month) => as(t, user).put(`/api/evaluation/scores/${period}`, { scheme: 'xh-631', items });

describe('schemes', () => {
  it('lists the seeded xh-631', async () => {
    const res = await as(t, 'wall-cq').get('/api/evaluation/schemes');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        code: 'xh-631',
        name: expect.any(String),
        groupBy: 'department',
        components: [
          { key: 'residents', name: expect.any(String), weight: 0.6, metrics: [{ metric: 'satisfactionRate', weight: 1 }] },
          {
            key: 'routine',
            name: expect.any(String),
            weight: 0.3,
            metrics: [
              { metric: 'onTimeRate', weight: 0.4 },
              { metric: 'closureRate', weight: 0.3 },
              { metric: 'reworkRate', weight: 0.2 },
              { metric: 'returnRate', weight: 0.1 },
            ],
          },
          { key: 'special', name: expect.any(String), weight: 0.1, manual: true },
        ],
      },
    ]);
  });

  const good = {
    name: '街道评部门',
    groupBy: 'department',
    components: [
      { key: 'speed', name: '按期', weight: 0.5, metrics: [{ metric: 'onTimeRate', weight: 1 }] },
      {
        key: 'people',
        name: '满意',
        weight: 0.5,
        metrics: [
          { metric: 'satisfactionRate', weight: 0.7 },
          { metric: 'returnRate', weight: 0.3 },
        ],
      },
    ],
  };

  it('an admin creates and replaces a scheme; other roles may not (403)', async () => {
    expect((await as(t, 'admin').put('/api/evaluation/schemes/street-says', good)).status).toBe(200);
    const renamed = await as(t, 'admin').put('/api/evaluation/schemes/street-says', { ...good, name: '改名' });
    expect(renamed.body).toMatchObject({ code: 'street-says', name: '改名' });
    expect((await as(t, STREET).put('/api/evaluation/schemes/street-says', good)).status).toBe(403);
    const codes = (await as(t, STREET).get('/api/evaluation/schemes')).body.items.map((s: { code: string }) => s.code);
    expect(codes).toEqual(['street-says', 'xh-631']);
  });

  it.each([
    ['weights not summing to 1', { ...good, components: [{ ...good.components[0], weight: 0.6 }, good.components[1]] }, 'components'],
    [
      'metric weights not summing to 1',
      { ...good, components: [good.components[0], { ...good.components[1], metrics: [{ metric: 'satisfactionRate', weight: 0.7 }] }] },
      'components[1].metrics',
    ],
    [
      'an unknown metric',
      { ...good, components: [{ ...good.components[0], metrics: [{ metric: 'speedRate', weight: 1 }] }, good.components[1]] },
      'components.0.metrics.0.metric',
    ],
    ['manual and metrics at once', { ...good, components: [{ ...good.components[0], manual: true }, good.components[1]] }, 'components[0]'],
    ['neither manual nor metrics', { ...good, components: [{ key: 'x', name: 'X', weight: 0.5 }, good.components[1]] }, 'components[0]'],
    ['a key used twice', { ...good, components: [good.components[0], { ...good.components[1], key: 'speed' }] }, 'components[1].key'],
    ['an unknown groupBy', { ...good, groupBy: 'city' }, 'groupBy'],
    ['a weight over 1', { ...good, components: [{ ...good.components[0], weight: 1.5 }, good.components[1]] }, 'components.0.weight'],
  ])('refuses %s (400 naming it)', async (_, body, field) => {
    const res = await as(t, 'admin').put('/api/evaluation/schemes/bad-one', body);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('refuses a bad scheme code (400)', async () => {
    expect((await as(t, 'admin').put('/api/evaluation/schemes/Bad%20Code', good)).status).toBe(400);
  });
});

describe('manual scores, scorecards and publishing', () => {
  beforeAll(async () => {
    await srCaseClosed('satisfied');
    await srCaseClosed('unsatisfied'); // reopens: SR's task is back in hand, so one of two closed
  });

  it('scores the card from the month’s indicators and the manual scores, renormalising what is missing', async () => {
    expect(
      (
        await scores([
          { code: 'SR', component: 'special', score: 90, note: '专项整治' },
          { code: 'CG', component: 'special', score: 60 },
        ])
      ).status,
    ).toBe(200);
    const res = await cards();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scheme: 'xh-631', period: month, published: false, publishedAt: null });
    const [sr, cg, ...rest] = res.body.items;
    // SR: received 2, closed 1 on time, no rework, no return; rated 2, 1 satisfied → residents 50;
    // routine 0.4×100 + 0.3×50 + 0.2×100 + 0.1×100 = 85; special 90 → 0.6×50 + 0.3×85 + 0.1×90 = 64.5
    expect(sr).toEqual({
      code: 'SR',
      name: expect.any(String),
      total: 64.5,
      rank: 1,
      components: [
        { key: 'residents', name: expect.any(String), weight: 0.6, effectiveWeight: 0.6, score: 50 },
        { key: 'routine', name: expect.any(String), weight: 0.3, effectiveWeight: 0.3, score: 85 },
        { key: 'special', name: expect.any(String), weight: 0.1, effectiveWeight: 0.1, score: 90 },
      ],
      missing: [],
    });
    // CG has only its manual score: the special component carries the whole weight.
    expect(cg).toMatchObject({ code: 'CG', total: 60, rank: 2, missing: ['residents', 'routine'] });
    expect(rest.every((c: { total: null; rank: null; missing: string[] }) => c.total === null && c.rank === null && c.missing.length === 3)).toBe(
      true,
    );
    // The district's book is another: no manual scores there.
    expect((await cards('admin')).body.items.find((c: { code: string }) => c.code === 'CG')).toMatchObject({ total: null });
  });

  it('refuses bad scores (400), other roles (403), an unknown scheme (404 / 400)', async () => {
    const fields = async (items: object[]) => (await scores(items)).body.details?.map((d: { field: string }) => d.field);
    expect(await fields([{ code: 'SR', component: 'special', score: 101 }])).toContain('items.0.score');
    expect(await fields([{ code: 'SR', component: 'routine', score: 80 }])).toContain('items[0].component');
    expect(await fields([{ code: 'NOPE', component: 'special', score: 80 }])).toContain('items[0].code');
    expect(
      await fields([
        { code: 'SR', component: 'special', score: 80 },
        { code: 'SR', component: 'special', score: 81 },
      ]),
    ).toContain('items[1]');
    expect((await scores([{ code: 'SR', component: 'special', score: 80 }], STREET, '2026-13')).status).toBe(400);
    expect((await scores([{ code: 'SR', component: 'special', score: 80 }], SR)).status).toBe(403);
    expect((await scores([{ code: 'SR', component: 'special', score: 80 }], 'area-cq-a1')).status).toBe(403);
    expect((await cards(SR)).status).toBe(403);
    expect((await as(t, STREET).get(`/api/evaluation/scorecards?scheme=nope&period=${month}`)).status).toBe(404);
    expect((await as(t, STREET).get(`/api/evaluation/scorecards?scheme=xh-631&period=11-2026`)).status).toBe(400);
  });

  it('publishing freezes the cards: later work, scores and a second publish change nothing', async () => {
    const before = (await cards()).body.items;
    const published = await as(t, STREET).post(`/api/evaluation/scorecards/${month}/publish?scheme=xh-631`);
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ published: true, publishedAt: expect.any(String), items: before });

    await srCaseClosed('satisfied'); // would lift SR's residents score
    const live = (await as(t, STREET).get(`/api/evaluation/indicators?groupBy=department&period=${month}`)).body.items;
    expect(live.find((i: { code: string }) => i.code === 'SR')).toMatchObject({ rated: 3 });
    const after = await cards();
    expect(after.body).toMatchObject({ published: true, items: before });

    expect((await scores([{ code: 'SR', component: 'special', score: 10 }])).status).toBe(409);
    expect((await as(t, STREET).post(`/api/evaluation/scorecards/${month}/publish?scheme=xh-631`)).status).toBe(409);
    // The wall of the same street reads the same published cards.
    expect((await cards('wall-cq')).body).toMatchObject({ published: true, items: before });
  });

  it('refuses to publish a period that has not begun (409), and other roles (403)', async () => {
    expect((await as(t, STREET).post('/api/evaluation/scorecards/2099-01/publish?scheme=xh-631')).status).toBe(409);
    expect((await as(t, 'wall-cq').post(`/api/evaluation/scorecards/${month}/publish?scheme=xh-631`)).status).toBe(403);
  });

  it('five publishes at once: one 201, four 409', async () => {
    const all = await Promise.all([...Array(5)].map(() => as(t, STREET).post(`/api/evaluation/scorecards/${month}/publish?scheme=street-says`)));
    expect(all.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });
});
