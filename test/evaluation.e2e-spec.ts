import { as, report } from './support/api';
import { waitFor } from './support/fast-ladder';
import { liveClient } from './support/live-client';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const STREET = 'street-cq';
const HOOD = 'hood-cq-a1-n01';

/** A hotline case (0101 enters at the neighbourhood), handled and verified: closed, closure 1. */
async function closedCase() {
  const c = await report(t, { categoryCode: '0101', source: 'hotline', reporter: { phone: '13900000000' } }, STREET);
  const hood = as(t, HOOD);
  expect((await hood.post(`/api/cases/${c.id}/claim`)).status).toBe(200);
  expect((await hood.post(`/api/cases/${c.id}/resolve`, { note: '已清运' })).status).toBe(200);
  expect((await as(t, STREET).post(`/api/cases/${c.id}/verify`, { passed: true, note: '核查通过' })).status).toBe(200);
  return c;
}

const timelineOf = async (id: string) => (await as(t, STREET).get(`/api/cases/${id}`)).body.timeline as { type: string; note: string | null }[];
const ratingsOf = (id: string) =>
  t.sql<{ satisfaction: string; source: string; closure: number }>(`SELECT satisfaction, source, closure FROM rating WHERE case_id = $1`, [id]);

describe('回访 POST /api/cases/:id/callback', () => {
  it('records a reached call-back as the closure’s rating, once; an unreached one is only noted', async () => {
    const c = await closedCase();
    const unreached = await as(t, STREET).post(`/api/cases/${c.id}/callback`, { reached: false, note: '无人接听' });
    expect(unreached.status).toBe(201);
    expect(await ratingsOf(c.id)).toEqual([]);
    const reached = await as(t, STREET).post(`/api/cases/${c.id}/callback`, {
      reached: true,
      resolved: true,
      satisfaction: 'satisfied',
      note: '群众满意',
    });
    expect(reached.status).toBe(201);
    expect(reached.body).toMatchObject({ id: c.id, status: 'closed' });
    expect(await ratingsOf(c.id)).toEqual([{ satisfaction: 'satisfied', source: 'callback', closure: 1 }]);
    expect((await timelineOf(c.id)).filter((e) => e.type === 'callback').map((e) => e.note)).toEqual(['无人接听', '群众满意']);
    // One counted answer per closure.
    expect((await as(t, STREET).post(`/api/cases/${c.id}/callback`, { reached: true, satisfaction: 'basic' })).status).toBe(409);
  });

  it('an unsatisfied call-back reopens the case for rework', async () => {
    const c = await closedCase();
    const res = await as(t, STREET).post(`/api/cases/${c.id}/callback`, { reached: true, resolved: false, satisfaction: 'unsatisfied' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    expect((await timelineOf(c.id)).map((e) => e.type)).toEqual(expect.arrayContaining(['callback', 'reopened']));
  });

  it('refuses an open case (409), other roles (403), another street (404) and bad bodies (400)', async () => {
    const open = await report(t, { categoryCode: '0101' });
    expect((await as(t, STREET).post(`/api/cases/${open.id}/callback`, { reached: true, satisfaction: 'satisfied' })).status).toBe(409);
    const c = await closedCase();
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/callback`, { reached: true, satisfaction: 'satisfied' })).status).toBe(403);
    expect((await as(t, 'street-hn').post(`/api/cases/${c.id}/callback`, { reached: true, satisfaction: 'satisfied' })).status).toBe(404);
    const unreachedSatisfied = await as(t, STREET).post(`/api/cases/${c.id}/callback`, { reached: false, satisfaction: 'satisfied' });
    expect(unreachedSatisfied.status).toBe(400);
    expect(unreachedSatisfied.body.details).toEqual([expect.objectContaining({ field: 'satisfaction' })]);
    const noReached = await as(t, STREET).post(`/api/cases/${c.id}/callback`, { satisfaction: 'satisfied' });
    expect(noReached.status).toBe(400);
    expect(noReached.body.details).toEqual([expect.objectContaining({ field: 'reached' })]);
    expect((await as(t, STREET).post(`/api/cases/${c.id}/callback`, { reached: true, satisfaction: 'great' })).status).toBe(400);
    expect(await ratingsOf(c.id)).toEqual([]);
  });
});

describe('督办 POST /api/cases/:id/supervise', () => {
  it('the street or the case’s area presses a case: on the timeline, live to its audience, with the due time', async () => {
    const c = await report(t, { categoryCode: '0101' });
    const wall = await liveClient(t, 'wall-cq');
    const other = await liveClient(t, 'wall-hn');
    try {
      const res = await as(t, STREET).post(`/api/cases/${c.id}/supervise`, { note: '限时处置', dueIn: 'PT2H' });
      expect(res.status).toBe(201);
      const event = await waitFor(
        async () => wall.received.find((r) => r.event === 'case.supervised' && r.body.caseId === c.id),
        3000,
        'case.supervised',
      );
      expect(event.body).toEqual({ caseId: c.id, code: c.code, note: '限时处置', dueAt: expect.any(String), by: STREET });
      // 0101 runs on the working calendar: the due time is two working hours out, so at least two hours away.
      expect(new Date(event.body.dueAt).getTime()).toBeGreaterThanOrEqual(Date.now() + 2 * 3600_000 - 60_000);
      expect(other.received.filter((r) => r.event === 'case.supervised')).toEqual([]);
      expect((await timelineOf(c.id)).filter((e) => e.type === 'supervised').map((e) => e.note)).toEqual(['限时处置']);
      expect((await as(t, 'area-cq-a1').post(`/api/cases/${c.id}/supervise`, { note: '片区督办' })).status).toBe(201);
    } finally {
      wall.close();
      other.close();
    }
  });

  it('the case carries its latest supervision: when, the time asked for, how many — in its view and the list', async () => {
    const c = await report(t, { categoryCode: '0101' });
    expect(c).toMatchObject({ supervisedAt: null, supervisionDueAt: null, supervisionCount: 0 });
    const first = await as(t, STREET).post(`/api/cases/${c.id}/supervise`, { note: '限时处置', dueIn: 'PT2H' });
    expect(first.body).toMatchObject({ id: c.id, supervisedAt: expect.any(String), supervisionDueAt: expect.any(String), supervisionCount: 1 });
    expect(Date.parse(first.body.supervisionDueAt)).toBeGreaterThan(Date.parse(first.body.supervisedAt));

    const second = await as(t, 'area-cq-a1').post(`/api/cases/${c.id}/supervise`, { note: '片区督办' });
    expect(second.status).toBe(201);
    const view = (await as(t, 'wall-cq').get(`/api/cases/${c.id}`)).body;
    expect(view).toMatchObject({ supervisionDueAt: null, supervisionCount: 2 });
    expect(Date.parse(view.supervisedAt)).toBeGreaterThanOrEqual(Date.parse(first.body.supervisedAt));
    const listed = (await as(t, STREET).get(`/api/cases?q=${encodeURIComponent(c.code)}`)).body.items;
    expect(listed).toEqual([expect.objectContaining({ id: c.id, supervisionCount: 2 })]);
  });

  it('refuses other roles (403), another street (404), a closed case (409) and a bad duration (400)', async () => {
    const c = await report(t, { categoryCode: '0101' });
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/supervise`, { note: 'x' })).status).toBe(403);
    expect((await as(t, 'liaison-sr').post(`/api/cases/${c.id}/supervise`, { note: 'x' })).status).toBe(403);
    expect((await as(t, 'street-hn').post(`/api/cases/${c.id}/supervise`, { note: 'x' })).status).toBe(404);
    const bad = await as(t, STREET).post(`/api/cases/${c.id}/supervise`, { note: 'x', dueIn: 'two hours' });
    expect(bad.status).toBe(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'dueIn' })]);
    const closed = await closedCase();
    expect((await as(t, STREET).post(`/api/cases/${closed.id}/supervise`, { note: 'x' })).status).toBe(409);
  });
});

describe('urgent cases (the 15-minute response circle)', () => {
  it('seeds the emergency categories’ urgent claim of 15 minutes', async () => {
    const items = (await as(t, STREET).get('/api/categories')).body.items as { code: string; sla: { urgent?: unknown } }[];
    for (const code of ['0501', '0502', '0506']) expect(items.find((c) => c.code === code)?.sla.urgent).toEqual({ claim: 'PT15M' });
    expect(items.find((c) => c.code === '0101')?.sla.urgent).toBeUndefined();
  });

  it('an urgent case runs its clocks on the urgent durations, a normal one on the normal policy', async () => {
    const category = (await as(t, 'admin').get('/api/categories')).body.items.find((c: { code: string }) => c.code === '0603');
    const sla = { ...category.sla, calendar: 'natural', urgent: { ladder: { grid: 'PT30M' } } };
    const put = await as(t, 'admin').put('/api/categories/0603', { ...category, updatedAt: undefined, sla });
    expect(put.status).toBe(200);
    const badUrgent = await as(t, 'admin').put('/api/categories/0603', {
      ...category,
      updatedAt: undefined,
      sla: { ...sla, urgent: { claim: 'soon' } },
    });
    expect(badUrgent.status).toBe(400);
    const minutes = (c: { createdAt: string; deadlines: { rungDueAt: string } }) =>
      (Date.parse(c.deadlines.rungDueAt) - Date.parse(c.createdAt)) / 60_000;
    const urgent = await report(t, { categoryCode: '0603', priority: 'urgent' });
    const normal = await report(t, { categoryCode: '0603', priority: 'normal' });
    expect(minutes(urgent)).toBe(30);
    expect(minutes(normal)).toBe(parseDurationMinutes(category.sla.ladder.grid));
  });
});

function parseDurationMinutes(iso: string): number {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
  if (!m) throw new Error(`unexpected duration ${iso}`);
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}
