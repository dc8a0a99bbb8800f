import demoCity from '../src/database/seed/demo-city.json';
import { parseDuration } from '../src/sla/duration';
import { clockFor, type WorkingCalendar } from '../src/sla/working-time';
import { as, G1, INSPECTOR_G1, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const HOOD = 'hood-cq-a1-n01';
const AREA = 'area-cq-a1';
const STREET = 'street-cq';

async function timelineTypes(id: string) {
  const res = await as(t, STREET).get(`/api/cases/${id}`);
  return res.body.timeline.map((e: { type: string }) => e.type);
}

describe('the ladder by hand', () => {
  it('enters at the category rung, is claimed, resolved, fails verification, is reworked and closes', async () => {
    const c = await report(t, { categoryCode: '0101', source: 'patrol' });
    expect(c).toMatchObject({ status: 'pending', rung: 'neighbourhood', holderRegionCode: 'XH-CQ-A1-N01', gridCode: G1, source: 'patrol' });
    expect(c.code).toMatch(/^XH-CQ-\d{8}-\d{6}$/);
    expect(c.deadlines.rungDueAt).toEqual(expect.any(String));
    expect(c.sla).toMatchObject({ state: 'ok', stage: 'rung' });

    // Another grid's inspector cannot claim what the neighbourhood holds.
    expect((await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/claim`)).status).toBe(403);
    const claimed = await as(t, HOOD).post(`/api/cases/${c.id}/claim`);
    expect(claimed.status).toBe(200);
    expect(claimed.body.status).toBe('in_progress');
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/claim`)).status).toBe(409);

    const resolved = await as(t, HOOD).post(`/api/cases/${c.id}/resolve`, { note: '已清运' });
    expect(resolved.body).toMatchObject({ status: 'resolved', deadlines: { rungDueAt: null, verifyDueAt: expect.any(String) } });

    const failed = await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/verify`, { passed: false, note: '仍有垃圾' });
    expect(failed.body).toMatchObject({ status: 'in_progress', rung: 'neighbourhood', holderRegionCode: 'XH-CQ-A1-N01', reworkCount: 1 });
    expect(failed.body.deadlines.rungDueAt).toEqual(expect.any(String));

    await as(t, HOOD)
      .post(`/api/cases/${c.id}/resolve`, { note: '已彻底清运' })
      .then((r) => expect(r.status).toBe(200));
    const closed = await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/verify`, { passed: true, note: '已核查' });
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: expect.any(String), sla: { state: 'ok', stage: null, dueAt: null } });
    expect((await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/verify`, { passed: true, note: 'again' })).status).toBe(409);

    expect(await timelineTypes(c.id)).toEqual(['created', 'claimed', 'resolved', 'reworked', 'resolved', 'verified']);
  });

  it('climbs by raised hands from the grid to the area, which whistles departments', async () => {
    const c = await report(t, { categoryCode: '0110', source: 'hotline', reporter: { name: '王先生', phone: '13800000000' } }, STREET);
    expect(c).toMatchObject({ rung: 'grid', holderRegionCode: G1, source: 'hotline', reporter: { name: '王先生', phone: '13800000000' } });

    const up1 = await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/escalate`, { reason: '需居委协调' });
    expect(up1.body).toMatchObject({ rung: 'neighbourhood', holderRegionCode: 'XH-CQ-A1-N01', status: 'pending', escalationCount: 1 });
    expect((await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/escalate`, { reason: 'again' })).status).toBe(403);
    const up2 = await as(t, HOOD).post(`/api/cases/${c.id}/escalate`, { reason: '需片区协调' });
    expect(up2.body).toMatchObject({ rung: 'area', holderRegionCode: 'XH-CQ-A1', escalationCount: 2 });

    const whistled = await as(t, AREA).post(`/api/cases/${c.id}/whistle`, { departmentCodes: ['CG', 'SR'], reason: '吹哨' });
    expect(whistled.status).toBe(200);
    expect(whistled.body).toMatchObject({ rung: 'department', status: 'pending', holderRegionCode: 'XH-CQ-A1' });
    expect(whistled.body.tasks.map((x: any) => [x.departmentCode, x.role, x.status])).toEqual([
      ['CG', 'lead', 'pending'],
      ['SR', 'assist', 'pending'],
    ]);
    const [cg, sr] = whistled.body.tasks;
    expect(cg.claimDueAt).toEqual(expect.any(String));
    expect(cg.handleDueAt).toEqual(expect.any(String));

    // The liaison's queue shows the task with what the case is about.
    const queue = await as(t, 'liaison-cg').get('/api/tasks?status=pending');
    expect(queue.body.items.map((x: any) => x.id)).toContain(cg.id);
    expect(queue.body.items.find((x: any) => x.id === cg.id).case.code).toBe(c.code);

    expect((await as(t, 'liaison-sr').post(`/api/tasks/${cg.id}/claim`)).status).toBe(403);
    const claim = await as(t, 'liaison-cg').post(`/api/tasks/${cg.id}/claim`);
    expect(claim.body).toMatchObject({ status: 'claimed', claimedAt: expect.any(String) });
    expect((await as(t, STREET).get(`/api/cases/${c.id}`)).body.status).toBe('in_progress');

    const returned = await as(t, 'liaison-sr').post(`/api/tasks/${sr.id}/return`, { reason: '非本部门职责' });
    expect(returned.body.status).toBe('returned');
    expect((await as(t, 'liaison-cg').post(`/api/tasks/${cg.id}/complete`, { note: '已铲除' })).body.status).toBe('done');

    const after = (await as(t, STREET).get(`/api/cases/${c.id}`)).body;
    expect(after).toMatchObject({ status: 'resolved', feedback: '已铲除' });
    const closed = await as(t, STREET).post(`/api/cases/${c.id}/verify`, { passed: true, note: '街道核查通过' });
    expect(closed.body.status).toBe('closed');
    expect(await timelineTypes(c.id)).toEqual([
      'created',
      'escalated',
      'escalated',
      'whistled',
      'task.created',
      'task.created',
      'task.claimed',
      'claimed',
      'task.returned',
      'task.completed',
      'resolved',
      'verified',
    ]);
  });

  it('from the street, a raised hand whistles the category’s departments', async () => {
    const c = await report(t, { categoryCode: '0301' }, STREET);
    expect(c).toMatchObject({ rung: 'street', holderRegionCode: 'XH-CQ' });
    const up = await as(t, STREET).post(`/api/cases/${c.id}/escalate`, { reason: '街道无法处置' });
    expect(up.body).toMatchObject({ rung: 'department', escalationCount: 1 });
    expect(up.body.tasks.map((x: any) => [x.departmentCode, x.role])).toEqual([
      ['CJ', 'lead'],
      ['PCS', 'assist'],
    ]);
    expect((await as(t, STREET).post(`/api/cases/${c.id}/escalate`, { reason: 'again' })).status).toBe(403);
  });

  it('enters on departments directly, held by the street; rework sends done tasks back to claimed', async () => {
    const c = await report(t, { categoryCode: '0501' });
    expect(c).toMatchObject({ rung: 'department', holderRegionCode: 'XH-CQ', priority: 'urgent' });
    expect(c.tasks.map((x: any) => x.departmentCode)).toEqual(['CJ', 'JJ', 'SW']);
    for (const [user, task] of [
      ['liaison-cj', c.tasks[0]],
      ['liaison-jj', c.tasks[1]],
      ['liaison-sw', c.tasks[2]],
    ]) {
      expect((await as(t, user).post(`/api/tasks/${task.id}/complete`, { note: 'x' })).status).toBe(409); // claim first
      await as(t, user).post(`/api/tasks/${task.id}/claim`);
      await as(t, user).post(`/api/tasks/${task.id}/complete`, { note: `${user} 完成` });
    }
    expect((await as(t, STREET).get(`/api/cases/${c.id}`)).body.status).toBe('resolved');
    const rework = await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/verify`, { passed: false, note: '路面仍有塌陷' });
    expect(rework.body).toMatchObject({ status: 'in_progress', reworkCount: 1, rung: 'department' });
    expect(rework.body.tasks.map((x: any) => x.status)).toEqual(['claimed', 'claimed', 'claimed']);
  });
});

describe('the street', () => {
  it('re-dispatches a case to any rung and onto named departments, recalling live tasks', async () => {
    const c = await report(t, { categoryCode: '0104' });
    expect(c.tasks).toHaveLength(1);
    const toArea = await as(t, STREET).post(`/api/cases/${c.id}/dispatch`, { rung: 'area', note: '片区处置' });
    expect(toArea.body).toMatchObject({ rung: 'area', holderRegionCode: 'XH-CQ-A1', status: 'pending' });
    expect(toArea.body.tasks[0]).toMatchObject({ status: 'returned', recalled: true });
    const onDeps = await as(t, STREET).post(`/api/cases/${c.id}/dispatch`, { rung: 'department', departmentCodes: ['CG', 'FG'] });
    expect(onDeps.body.rung).toBe('department');
    expect(onDeps.body.tasks.filter((x: any) => !x.recalled).map((x: any) => [x.departmentCode, x.role])).toEqual([
      ['CG', 'lead'],
      ['FG', 'assist'],
    ]);
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/dispatch`, { rung: 'grid' })).status).toBe(403);
    expect((await as(t, 'street-hn').post(`/api/cases/${c.id}/dispatch`, { rung: 'grid' })).status).toBe(404);
    expect((await as(t, STREET).post(`/api/cases/${c.id}/dispatch`, { rung: 'department', departmentCodes: ['NOPE'] })).status).toBe(400);
  });

  it('gets a case back, pending at the street, when its only task is returned', async () => {
    const c = await report(t, { categoryCode: '0104' });
    const back = await as(t, 'liaison-sr').post(`/api/tasks/${c.tasks[0].id}/return`, { reason: '不是道路保洁' });
    expect(back.status).toBe(200);
    const after = (await as(t, STREET).get(`/api/cases/${c.id}`)).body;
    expect(after).toMatchObject({ status: 'pending', rung: 'street', holderRegionCode: 'XH-CQ' });
    expect(after.deadlines.rungDueAt).toEqual(expect.any(String));
    expect((await as(t, 'liaison-sr').post(`/api/tasks/${c.tasks[0].id}/return`, { reason: 'again' })).status).toBe(409);
  });

  it('cancels an invalid report; nothing can happen to it afterwards', async () => {
    const c = await report(t, { categoryCode: '0101' });
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/cancel`, { reason: 'x' })).status).toBe(403);
    const cancelled = await as(t, STREET).post(`/api/cases/${c.id}/cancel`, { reason: '重复举报' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', sla: { stage: null } });
    expect((await as(t, HOOD).post(`/api/cases/${c.id}/claim`)).status).toBe(409);
    expect((await as(t, STREET).post(`/api/cases/${c.id}/cancel`, { reason: 'again' })).status).toBe(409);
  });

  it('approves an extension, moving the handling deadline by the duration in working time, and declines another', async () => {
    const c = await report(t, { categoryCode: '0104' });
    const task = c.tasks[0];
    await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/claim`);
    const req = await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/extension`, { duration: 'P1D', reason: '需协调环卫车辆' });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ id: expect.any(String), status: 'pending' });
    expect((await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/extension`, { duration: 'PT1H', reason: 'x' })).status).toBe(409);
    expect((await as(t, 'liaison-sr').post(`/api/extensions/${req.body.id}/decide`, { approved: true })).status).toBe(403);

    const approved = await as(t, STREET).post(`/api/extensions/${req.body.id}/decide`, { approved: true, note: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    const after = (await as(t, STREET).get(`/api/cases/${c.id}`)).body.tasks[0];
    // Exactly one working day (8 working hours of the demo calendar) later, nights and weekends skipped.
    const clock = clockFor('working', demoCity.calendar as unknown as WorkingCalendar);
    expect(after.handleDueAt).toBe(clock.add(new Date(task.handleDueAt), parseDuration('P1D')!).toISOString());
    expect(clock.between(new Date(task.handleDueAt), new Date(after.handleDueAt))).toBe(8 * 3600_000);
    expect(approved.body.handleDueAt).toBe(after.handleDueAt);
    expect((await as(t, STREET).post(`/api/extensions/${req.body.id}/decide`, { approved: false })).status).toBe(409);

    const second = await as(t, 'liaison-sr').post(`/api/tasks/${task.id}/extension`, { duration: 'PT2H', reason: '再延' });
    const declined = await as(t, STREET).post(`/api/extensions/${second.body.id}/decide`, { approved: false, note: '不同意' });
    expect(declined.body.status).toBe('declined');
    expect((await as(t, STREET).get(`/api/cases/${c.id}`)).body.tasks[0].handleDueAt).toBe(after.handleDueAt);
  });
});

describe('scope', () => {
  it('hides another street’s cases (404) and lists only the user’s jurisdiction', async () => {
    const c = await report(t, { categoryCode: '0101' });
    expect((await as(t, 'street-hn').get(`/api/cases/${c.id}`)).status).toBe(404);
    expect((await as(t, 'hood-cq-a1-n02').get(`/api/cases/${c.id}`)).status).toBe(404);
    expect((await as(t, 'liaison-cg').get(`/api/cases/${c.id}`)).status).toBe(404);
    expect((await as(t, 'wall-cq').get(`/api/cases/${c.id}`)).status).toBe(200);
    const hn = await as(t, 'street-hn').get('/api/cases');
    expect(hn.body.items.map((x: any) => x.id)).not.toContain(c.id);
    const cq = await as(t, STREET).get('/api/cases?limit=500');
    expect(cq.body.items.map((x: any) => x.id)).toContain(c.id);
    expect(cq.body.items.every((x: any) => x.streetCode === 'XH-CQ')).toBe(true);
    expect((await as(t, 'street-hn').post(`/api/cases/${c.id}/claim`)).status).toBe(404);
  });

  it('refuses an inspector reporting outside its street (403) and the wall reporting at all (403)', async () => {
    const res = await as(t, 'insp-hn-a1-n01-g1').post('/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1 });
    expect(res.status).toBe(403);
    expect((await as(t, 'wall-cq').post('/api/cases', { categoryCode: '0101', description: 'x', gridCode: G1 })).status).toBe(403);
  });

  it('pages newest first with a cursor and filters by status, rung and category', async () => {
    for (let i = 0; i < 3; i++) await report(t, { categoryCode: '0603' });
    const first = await as(t, STREET).get('/api/cases?categoryCode=0603&limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await as(t, STREET).get(`/api/cases?categoryCode=0603&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.length).toBeGreaterThanOrEqual(1);
    const all = [...first.body.items, ...second.body.items];
    expect(new Set(all.map((x: any) => x.id)).size).toBe(all.length);
    const times = all.map((x: any) => x.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const byRung = await as(t, STREET).get('/api/cases?rung=grid&status=pending&categoryCode=0603');
    expect(byRung.body.items.every((x: any) => x.rung === 'grid' && x.status === 'pending')).toBe(true);
    expect((await as(t, STREET).get('/api/cases?cursor=garbage')).status).toBe(400);
  });

  it('searches by text (LIKE wildcards taken literally), region and department, within the caller’s scope', async () => {
    const marked = await report(t, { categoryCode: '0603', description: '井盖缺失 100%_done' });
    await report(t, { categoryCode: '0603', description: '井盖缺失 1000 done' });
    const ids = async (user: string, query: string) => (await as(t, user).get(`/api/cases?${query}`)).body.items.map((x: { id: string }) => x.id);
    expect(await ids(STREET, `q=${encodeURIComponent('100%_done')}`)).toEqual([marked.id]);
    expect(await ids(STREET, `q=${encodeURIComponent(marked.code)}`)).toEqual([marked.id]);
    expect(await ids(STREET, `regionCode=XH-CQ-A1-N01-G1&q=${encodeURIComponent('100%_')}`)).toEqual([marked.id]);
    expect(await ids(STREET, `regionCode=XH-CQ-A1-N02-G1&q=${encodeURIComponent('100%_')}`)).toEqual([]);
    expect(await ids('street-hn', `q=${encodeURIComponent('100%_done')}`)).toEqual([]);
    const onDepartments = await report(t, { categoryCode: '0104' }); // SR leads
    expect(await ids(STREET, 'departmentCode=SR&limit=500')).toContain(onDepartments.id);
    expect(await ids(STREET, 'departmentCode=SR&limit=500')).not.toContain(marked.id);
    expect(await ids('liaison-sr', 'limit=500')).toContain(onDepartments.id);
    expect(await ids('liaison-sr', 'limit=500')).not.toContain(marked.id);
  });
});
