import { EventEmitter2 } from '@nestjs/event-emitter';
import { as, freshSpotInG1, INSPECTOR_G1, report } from './support/api';
import { fastLadder, sleep, waitFor } from './support/fast-ladder';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await fastLadder(t);
});
afterAll(() => t?.close());

interface Entry {
  at: string;
  type: string;
  actor: string;
  rung: string;
}
const timeline = async (app: TestApp, id: string): Promise<Entry[]> => (await as(app, 'street-cq').get(`/api/cases/${id}`)).body.timeline;

describe('the ladder climbs by itself', () => {
  it('climbs grid → neighbourhood → area → street → departments untouched, each within 2.5 s of its deadline', async () => {
    const c = await report(t, { categoryCode: '0110' });
    expect(c.rung).toBe('grid');
    const done = await waitFor(
      async () => {
        const entries = await timeline(t, c.id);
        return entries.some((e) => e.type === 'whistled') && entries;
      },
      20_000,
      'the whistle',
    );
    const climbs = done.filter((e) => e.type === 'escalated' || e.type === 'whistled');
    expect(climbs.map((e) => e.type)).toEqual(['escalated', 'escalated', 'escalated', 'whistled']);
    expect(climbs.every((e) => e.actor === 'system')).toBe(true);
    // Each rung's clock starts when the case arrives there; its climb comes within 2.5 s of 2 s later.
    let arrived = Date.parse(c.createdAt);
    for (const climb of climbs) {
      const late = Date.parse(climb.at) - (arrived + 2000);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(2500);
      arrived = Date.parse(climb.at);
    }
    // One warning per rung at half the time, before its breach.
    expect(done.filter((e) => e.type === 'sla.warning')).toHaveLength(4);

    const after = (await as(t, 'street-cq').get(`/api/cases/${c.id}`)).body;
    expect(after).toMatchObject({ rung: 'department', escalationCount: 4, holderRegionCode: 'XH-CQ', status: 'pending' });
    expect(after.tasks.map((x: { departmentCode: string; role: string }) => [x.departmentCode, x.role])).toEqual([
      ['CG', 'lead'],
      ['SR', 'assist'],
    ]);
  });

  it('never climbs a case claimed and resolved before its deadline', async () => {
    const c = await report(t, { categoryCode: '0110' });
    await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/claim`);
    await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/resolve`, { note: '已清除' });
    await sleep(3500);
    const after = (await as(t, 'street-cq').get(`/api/cases/${c.id}`)).body;
    expect(after).toMatchObject({ rung: 'grid', status: 'resolved', escalationCount: 0, sla: { state: 'ok', stage: 'verify' } });
    expect((await timeline(t, c.id)).map((e) => e.type)).toEqual(['created', 'claimed', 'resolved']);
  });

  it('marks an unclaimed task overdue (breached, action none) and lists it with ?overdue=true', async () => {
    await fastLadder(t, 'PT1H', { claim: 'PT1S', handle: 'PT1H' });
    const c = await report(t, { categoryCode: '0110' });
    const whistled = await as(t, 'street-cq').post(`/api/cases/${c.id}/whistle`, { departmentCodes: ['CG'], reason: '吹哨' });
    expect(whistled.status).toBe(200);
    const overdue = await waitFor(
      async () => {
        const res = await as(t, 'street-cq').get('/api/cases?overdue=true&limit=500');
        return res.body.items.find((x: { id: string }) => x.id === c.id);
      },
      5000,
      'the overdue list',
    );
    expect(overdue).toMatchObject({ rung: 'department', sla: { state: 'breached' } });
    expect(overdue.tasks[0]).toMatchObject({ status: 'pending', overdue: true });
    await fastLadder(t);
  });
});

describe('two instances on one database', () => {
  let second: TestApp;
  beforeAll(async () => {
    second = await createTestApp({}, t);
  });
  afterAll(() => second?.close());

  it('climb each rung once and announce each breach once', async () => {
    const breaches: string[] = [];
    for (const app of [t, second]) {
      app.app
        .get(EventEmitter2)
        .on('sla.breached', (e: { payload: { caseId: string; stage: string; dueAt: string } }) =>
          breaches.push(`${e.payload.caseId}:${e.payload.stage}:${e.payload.dueAt}`),
        );
    }
    const c = await report(t, { categoryCode: '0110', location: freshSpotInG1() });
    await waitFor(async () => (await timeline(second, c.id)).some((e) => e.type === 'whistled'), 20_000, 'the whistle');
    await sleep(1500); // time for a duplicate, if there were one
    const entries = await timeline(t, c.id);
    expect(entries.filter((e) => e.type === 'escalated')).toHaveLength(3);
    expect(entries.filter((e) => e.type === 'whistled')).toHaveLength(1);
    expect(entries.filter((e) => e.type === 'sla.breached')).toHaveLength(4);
    expect((await as(second, 'street-cq').get(`/api/cases/${c.id}`)).body.escalationCount).toBe(4);
    const mine = breaches.filter((b) => b.startsWith(c.id));
    expect(mine).toHaveLength(4);
    expect(new Set(mine).size).toBe(4);
  });
});
