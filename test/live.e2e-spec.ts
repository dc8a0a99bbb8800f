import { io } from 'socket.io-client';
import { as, report } from './support/api';
import { sleep, waitFor } from './support/fast-ladder';
import { liveClient } from './support/live-client';
import { PostgresIoAdapter } from '../src/live/postgres-io.adapter';
import { mergeOverviews } from '../src/stats/stats.service';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const ofCase = (id: string) => (r: { body: any }) => r.body?.case?.id === id || r.body?.caseId === id;

describe('live updates on /live', () => {
  it('refuses a bad token with connect_error', async () => {
    const socket = io(`${t.baseUrl}/live`, { auth: { token: 'not-a-token' }, transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.once('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
    expect(socket.connected).toBe(false);
    socket.close();
  });

  it('brings a street wall its street’s events within a second, and none of them to the other street', async () => {
    const cq = await liveClient(t, 'wall-cq');
    const hn = await liveClient(t, 'wall-hn');
    try {
      const before = Date.now();
      const c = await report(t, { categoryCode: '0101' });
      const created = await waitFor(async () => cq.received.find((r) => r.event === 'case.created' && ofCase(c.id)(r)), 3000, 'case.created');
      expect(created.at - before).toBeLessThan(1000 + 500); // the request itself is inside this window
      expect(created.body.case).toMatchObject({ id: c.id, code: c.code, status: 'pending', rung: 'neighbourhood' });
      expect(created.body.case.timeline).toBeUndefined();

      await as(t, 'hood-cq-a1-n01').post(`/api/cases/${c.id}/claim`);
      const updated = await waitFor(async () => cq.received.find((r) => r.event === 'case.updated' && ofCase(c.id)(r)), 3000, 'case.updated');
      expect(updated.body).toMatchObject({ change: 'claimed', case: { id: c.id, status: 'in_progress' } });

      const overview = await waitFor(async () => cq.received.find((r) => r.event === 'stats.overview'), 3000, 'stats.overview');
      expect(overview.body.regionCode).toBe('XH-CQ');
      await sleep(500);
      expect(hn.received.filter(ofCase(c.id))).toEqual([]);
      expect(hn.received.filter((r) => r.event === 'stats.overview' && r.body.regionCode === 'XH-CQ')).toEqual([]);
    } finally {
      cq.close();
      hn.close();
    }
  });

  it('brings a liaison its own department’s task events only', async () => {
    const cj = await liveClient(t, 'liaison-cj');
    const cg = await liveClient(t, 'liaison-cg');
    try {
      const c = await report(t, { categoryCode: '0501' }); // CJ leads, JJ and SW assist
      await waitFor(async () => cj.received.some((r) => r.event === 'task.updated' && ofCase(c.id)(r)), 3000, 'task.updated');
      await sleep(300);
      const taskEvents = cj.received.filter((r) => r.event === 'task.updated' && ofCase(c.id)(r));
      expect(taskEvents.map((r) => r.body.task.departmentCode)).toEqual(['CJ']);
      expect(taskEvents[0].body.change).toBe('created');
      expect(cg.received.filter(ofCase(c.id))).toEqual([]);
    } finally {
      cj.close();
      cg.close();
    }
  });

  it('a district’s overview is the sum of its streets’ (the pusher adds them up instead of counting the district again)', async () => {
    await report(t, { categoryCode: '0603' });
    await report(t, { categoryCode: '0101', location: undefined, gridCode: 'XH-HN-A1-N01-G1' }, 'street-hn');
    const get = async (code: string) => (await as(t, 'admin').get(`/api/stats/overview?regionCode=${code}`)).body;
    const [district, cq, hn] = [await get('XH'), await get('XH-CQ'), await get('XH-HN')];
    expect(cq.open).toBeGreaterThan(0);
    expect(hn.open).toBeGreaterThan(0);
    expect(mergeOverviews('XH', [cq, hn])).toEqual(district);
  });

  it('pushes an overview equal to the REST overview, and both agree with the case list', async () => {
    const wall = await liveClient(t, 'wall-cq');
    try {
      await report(t, { categoryCode: '0603' });
      const pushed = await waitFor(async () => wall.received.filter((r) => r.event === 'stats.overview').pop(), 3000, 'stats.overview');
      const rest = (await as(t, 'wall-cq').get('/api/stats/overview')).body;
      expect(pushed.body).toEqual(rest);

      const list = (await as(t, 'street-cq').get('/api/cases?limit=500')).body.items as any[];
      const open = list.filter((c) => ['pending', 'in_progress', 'resolved'].includes(c.status));
      expect(rest.open).toBe(open.length);
      expect(rest.pending).toBe(open.filter((c) => c.status === 'pending').length);
      expect(rest.inProgress).toBe(open.filter((c) => c.status === 'in_progress').length);
      expect(rest.resolved).toBe(open.filter((c) => c.status === 'resolved').length);
      expect(rest.overdue).toBe(open.filter((c) => c.sla.state === 'breached').length);
      for (const rung of ['grid', 'neighbourhood', 'area', 'street', 'department']) {
        expect(rest.byRung[rung]).toBe(open.filter((c) => c.rung === rung).length);
      }
      expect(rest.createdToday).toBe(list.filter((c) => c.status !== 'merged').length);
      expect(rest.byCategory.reduce((n: number, c: { open: number }) => n + c.open, 0)).toBe(open.length);
      const overdueList = (await as(t, 'street-cq').get('/api/cases?overdue=true&limit=500')).body.items;
      expect(overdueList.filter((c: any) => ['pending', 'in_progress', 'resolved'].includes(c.status))).toHaveLength(rest.overdue);
    } finally {
      wall.close();
    }
  });

  it('ranks departments, streets and areas with rates between 0 and 1 or null', async () => {
    const c = await report(t, { categoryCode: '0104' });
    await as(t, 'liaison-sr').post(`/api/tasks/${c.tasks[0].id}/claim`);
    await as(t, 'liaison-sr').post(`/api/tasks/${c.tasks[0].id}/complete`, { note: '已清扫' });
    await as(t, 'street-cq').post(`/api/cases/${c.id}/verify`, { passed: true, note: 'ok' });
    const deps = (await as(t, 'wall-cq').get('/api/stats/ranking?groupBy=department')).body;
    expect(deps.items).toHaveLength(10);
    const sr = deps.items.find((d: any) => d.code === 'SR');
    expect(sr.received).toBeGreaterThanOrEqual(1);
    expect(sr.closed).toBeGreaterThanOrEqual(1);
    expect(sr.onTimeRate).toBe(1);
    for (const item of deps.items) {
      for (const k of ['onTimeRate', 'closureRate', 'reworkRate', 'returnRate', 'satisfactionRate']) {
        expect(item[k] === null || (item[k] >= 0 && item[k] <= 1)).toBe(true);
      }
    }
    const streets = (await as(t, 'street-cq').get('/api/stats/ranking?groupBy=street')).body.items;
    // Only the units inside the caller's jurisdiction (test/ranking.e2e-spec.ts has the rest of the scope).
    expect(streets.map((s: any) => s.code)).toEqual(['XH-CQ']);
    expect((await as(t, 'street-cq').get('/api/stats/ranking?groupBy=area')).body.items).toHaveLength(3);
    expect((await as(t, 'admin').get('/api/stats/ranking?groupBy=area')).body.items).toHaveLength(5);
    expect((await as(t, 'street-cq').get('/api/stats/ranking?groupBy=grid')).status).toBe(400);
    expect((await as(t, 'street-cq').get('/api/stats/ranking?groupBy=street&from=yesterday')).status).toBe(400);
    expect((await as(t, 'street-cq').get('/api/stats/overview?regionCode=XH-HN')).status).toBe(404);
  });
});

describe('two instances', () => {
  let second: TestApp;
  beforeAll(async () => {
    second = await createTestApp({}, t);
  });
  afterAll(() => second?.close());

  it('deliver each other’s events', async () => {
    const onSecond = await liveClient(second, 'wall-cq');
    const onFirst = await liveClient(t, 'street-cq');
    try {
      const fromFirst = await report(t, { categoryCode: '0101' });
      await waitFor(async () => onSecond.received.find((r) => r.event === 'case.created' && ofCase(fromFirst.id)(r)), 3000, 'A → B');
      const fromSecond = await report(second, { categoryCode: '0101' });
      await waitFor(async () => onFirst.received.find((r) => r.event === 'case.created' && ofCase(fromSecond.id)(r)), 3000, 'B → A');
      await sleep(300);
      // Each event arrives once, not once per instance.
      expect(onSecond.received.filter((r) => r.event === 'case.created' && ofCase(fromFirst.id)(r))).toHaveLength(1);
    } finally {
      onSecond.close();
      onFirst.close();
    }
  });
});

describe('the PostgreSQL adapter', () => {
  it('lets go of its connections when closed before its LISTEN has answered (a shutdown right after start)', async () => {
    const adapter = new PostgresIoAdapter(t.app, t.databaseUrl);
    const server = adapter.createIOServer(0);
    server.of('/live');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const disposed = await Promise.race([adapter.dispose().then(() => 'disposed'), sleep(10_000).then(() => 'still waiting')]);
    expect(disposed).toBe('disposed');
  });
});
