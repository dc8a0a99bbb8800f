import { as, freshSpotInG1, G1, INSPECTOR_G1, report } from './support/api';
import { sleep, waitFor } from './support/fast-ladder';
import { liveClient, type Received } from './support/live-client';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
/** A second inspector of G1, who did not take the case in. */
const GRID_INSPECTOR = 'insp-cq-a1-n01-g1-b';

beforeAll(async () => {
  t = await createTestApp();
  await t.sql(
    `INSERT INTO app_user (username, password_hash, role, region_code, display_name)
     SELECT $1, password_hash, role, region_code, '长桥一村第1网格巡查员(二)' FROM app_user WHERE username = $2`,
    [GRID_INSPECTOR, INSPECTOR_G1],
  );
});
afterAll(() => t?.close());

/** One user per row of the contract's personal-data rule. */
const WHO = {
  admin: 'admin',
  street: 'street-cq',
  area: 'area-cq-a1',
  hood: 'hood-cq-a1-n01',
  gridInspector: GRID_INSPECTOR,
  creator: INSPECTOR_G1,
  otherGridInspector: 'insp-cq-a1-n01-g2', // same street, another grid: does not see the case at all
  liaisonLive: 'liaison-cg',
  liaisonReturned: 'liaison-fg',
  wall: 'wall-cq',
} as const;
type Who = keyof typeof WHO;
type Seen = 'reporter+trackingCode' | 'reporter' | 'trackingCode' | 'none' | 'hidden';

const REPORTER = { name: '王阿姨', phone: '13812345678' };
const seenIn = (body: Record<string, unknown>): Seen => (['reporter', 'trackingCode'].filter((k) => k in body).join('+') || 'none') as Seen;

/** What `who` sees of the case through GET /api/cases/:id and through the list (both must agree). */
async function readAs(who: Who, c: { id: string; code: string }): Promise<Seen> {
  const one = await as(t, WHO[who]).get(`/api/cases/${c.id}`);
  const list = await as(t, WHO[who]).get(`/api/cases?q=${c.code}`);
  expect(list.status).toBe(200);
  const item = list.body.items.find((i: { id: string }) => i.id === c.id);
  if (one.status === 404) {
    expect([who, item]).toEqual([who, undefined]);
    return 'hidden';
  }
  expect(one.status).toBe(200);
  expect([who, 'list', seenIn(item)]).toEqual([who, 'list', seenIn(one.body)]);
  if ('reporter' in one.body) expect(one.body.reporter).toEqual(REPORTER);
  return seenIn(one.body);
}

async function expectMatrix(c: { id: string; code: string }, expected: Record<Who, Seen>) {
  const seen: Record<string, Seen> = {};
  for (const who of Object.keys(WHO) as Who[]) seen[who] = await readAs(who, c);
  expect(seen).toEqual(expected);
}

const aboutCase = (id: string) => (r: Received) => r.body?.case?.id === id || r.body?.caseId === id;

describe('personal data by role (API.md › Personal data)', () => {
  it('shows reporter and trackingCode exactly where the contract says, over HTTP, and never on /live', async () => {
    const clients = Object.fromEntries(await Promise.all((Object.keys(WHO) as Who[]).map(async (w) => [w, await liveClient(t, WHO[w])]))) as Record<
      Who,
      Awaited<ReturnType<typeof liveClient>>
    >;
    try {
      // A passer-by tells the G1 inspector; category 0603 enters at the grid. The intake answer is the creator's view.
      const created = await report(t, { categoryCode: '0603', source: 'patrol', reporter: REPORTER });
      expect(created).toMatchObject({ holderRegionCode: G1, reporter: REPORTER, trackingCode: expect.any(String) });
      const code = created.trackingCode as string;

      // Held by the grid.
      await expectMatrix(created, {
        admin: 'reporter+trackingCode',
        street: 'reporter+trackingCode',
        area: 'none',
        hood: 'none',
        gridInspector: 'reporter',
        creator: 'reporter+trackingCode',
        otherGridInspector: 'hidden',
        liaisonLive: 'hidden',
        liaisonReturned: 'hidden',
        wall: 'none',
      });

      // Held by the area: its user sees the reporter (also in its own command's answer), the neighbourhood below does not.
      const toArea = await as(t, WHO.street).post(`/api/cases/${created.id}/dispatch`, { rung: 'area' });
      expect(toArea.status).toBe(200);
      expect(seenIn(toArea.body)).toBe('reporter+trackingCode');
      const claimed = await as(t, WHO.area).post(`/api/cases/${created.id}/claim`);
      expect(claimed.status).toBe(200);
      expect(seenIn(claimed.body)).toBe('reporter');
      await expectMatrix(created, {
        admin: 'reporter+trackingCode',
        street: 'reporter+trackingCode',
        area: 'reporter',
        hood: 'none',
        gridInspector: 'reporter',
        creator: 'reporter+trackingCode',
        otherGridInspector: 'hidden',
        liaisonLive: 'hidden',
        liaisonReturned: 'hidden',
        wall: 'none',
      });

      // On departments: CG's task is live, FG returned its own (FG still sees the case, not the reporter).
      const toDepts = await as(t, WHO.street).post(`/api/cases/${created.id}/dispatch`, { rung: 'department', departmentCodes: ['CG', 'FG'] });
      expect(toDepts.status).toBe(200);
      const fgTask = toDepts.body.tasks.find((x: { departmentCode: string }) => x.departmentCode === 'FG');
      expect((await as(t, WHO.liaisonReturned).post(`/api/tasks/${fgTask.id}/return`, { reason: '非本部门职责' })).status).toBe(200);
      await expectMatrix(created, {
        admin: 'reporter+trackingCode',
        street: 'reporter+trackingCode',
        area: 'none',
        hood: 'none',
        gridInspector: 'reporter',
        creator: 'reporter+trackingCode',
        otherGridInspector: 'hidden',
        liaisonLive: 'reporter',
        liaisonReturned: 'none',
        wall: 'none',
      });

      // Back to the grid: CG's task is recalled, so CG keeps the case in view but loses the reporter.
      expect((await as(t, WHO.street).post(`/api/cases/${created.id}/dispatch`, { rung: 'grid' })).status).toBe(200);
      await expectMatrix(created, {
        admin: 'reporter+trackingCode',
        street: 'reporter+trackingCode',
        area: 'none',
        hood: 'none',
        gridInspector: 'reporter',
        creator: 'reporter+trackingCode',
        otherGridInspector: 'hidden',
        liaisonLive: 'none',
        liaisonReturned: 'none',
        wall: 'none',
      });

      // Live: everyone who sees the case got its events (admin and street all four dispatches), none with either field.
      const wantsEvents: Who[] = ['admin', 'street', 'area', 'hood', 'gridInspector', 'creator', 'liaisonLive', 'liaisonReturned', 'wall'];
      for (const who of wantsEvents) {
        await waitFor(
          async () => clients[who].received.some((r) => r.event === 'case.updated' && aboutCase(created.id)(r)),
          3000,
          `${who}: case.updated`,
        );
      }
      await waitFor(
        async () => clients.admin.received.filter((r) => r.event === 'case.updated' && aboutCase(created.id)(r)).length >= 4,
        3000,
        'four updates',
      );
      await sleep(300);
      expect(clients.otherGridInspector.received.filter(aboutCase(created.id))).toEqual([]);
      for (const who of Object.keys(WHO) as Who[]) {
        for (const r of clients[who].received.filter((x) => x.body?.case)) {
          expect([who, r.event, seenIn(r.body.case)]).toEqual([who, r.event, 'none']);
        }
        const raw = JSON.stringify(clients[who].received);
        for (const secret of [REPORTER.name, REPORTER.phone, code]) expect([who, raw.includes(secret)]).toEqual([who, false]);
      }
      expect(clients.wall.received.some((r) => r.event === 'case.created' && aboutCase(created.id)(r))).toBe(true);
    } finally {
      for (const c of Object.values(clients)) c.close();
    }
  });

  it('answers an idempotent retry with the same projection as the first answer', async () => {
    const body = { categoryCode: '0603', description: '重复提交', location: freshSpotInG1(), reporter: REPORTER };
    const key = `privacy-${Date.now()}`;
    const send = async () =>
      t
        .http()
        .post('/api/cases')
        .set('Authorization', `Bearer ${await t.token(INSPECTOR_G1)}`)
        .set('Idempotency-Key', key)
        .send(body);
    const a = await send();
    const b = await send();
    expect([a.status, b.status]).toEqual([201, 200]);
    expect(b.body.id).toBe(a.body.id);
    expect([seenIn(a.body), seenIn(b.body)]).toEqual(['reporter+trackingCode', 'reporter+trackingCode']);
  });

  it('keeps names and phones off the public routes', async () => {
    const contact = { name: '李先生', phone: '13987654321' };
    const made = await t
      .http()
      .post('/api/public/reports')
      .send({ categoryCode: '0101', description: '路灯不亮', location: freshSpotInG1(), contact });
    expect(made.status).toBe(201);
    const tracked = await t.http().get(`/api/public/reports/${made.body.trackingCode}`);
    expect(tracked.status).toBe(200);
    for (const body of [made.body, tracked.body]) {
      expect(JSON.stringify(body)).not.toContain(contact.name);
      expect(JSON.stringify(body)).not.toContain(contact.phone);
    }
    // Staff who may call the resident back see the contact; the wall does not; nobody but the street and admins sees the code.
    const [row] = await t.sql<{ id: string; code: string }>(`SELECT id, code FROM grid_case WHERE tracking_code = $1`, [made.body.trackingCode]);
    const street = await as(t, WHO.street).get(`/api/cases/${row.id}`);
    expect(street.body).toMatchObject({ source: 'resident', reporter: contact, trackingCode: made.body.trackingCode, createdBy: null });
    expect(seenIn((await as(t, WHO.wall).get(`/api/cases/${row.id}`)).body)).toBe('none');
    expect(seenIn((await as(t, WHO.hood).get(`/api/cases/${row.id}`)).body)).toBe('reporter'); // 0101 enters at the neighbourhood
  });
});

describe("the residents' voice (API.md › Personal data, rating)", () => {
  it('refuses a staff rating of a case closed on site: the wall never sees the code, and even with it the case does not reopen', async () => {
    const wall = await liveClient(t, WHO.wall);
    try {
      const c = await report(t, { categoryCode: '0603', resolvedOnSite: true, description: '自处置：清理小广告' });
      expect(c.status).toBe('closed');

      // The wall reads the list and the case: no tracking code anywhere, nor in its live events.
      const list = await as(t, WHO.wall).get('/api/cases?limit=500');
      expect(list.status).toBe(200);
      expect(list.body.items.some((i: { id: string }) => i.id === c.id)).toBe(true);
      expect(list.body.items.filter((i: object) => 'trackingCode' in i || 'reporter' in i)).toEqual([]);
      expect(seenIn((await as(t, WHO.wall).get(`/api/cases/${c.id}`)).body)).toBe('none');
      await waitFor(async () => wall.received.some((r) => r.event === 'case.created' && aboutCase(c.id)(r)), 3000, 'case.created');
      expect(JSON.stringify(wall.received)).not.toContain(c.trackingCode);

      // The street operator can read the code, but the public route rates residents' reports only.
      const code = (await as(t, WHO.street).get(`/api/cases/${c.id}`)).body.trackingCode;
      expect(code).toBe(c.trackingCode);
      const rating = await t.http().post(`/api/public/reports/${code}/rating`).send({ satisfaction: 'unsatisfied', comment: '冒充居民' });
      expect(rating.status).toBe(409);
      expect((await t.http().get(`/api/public/reports/${code}`)).body.canRate).toBe(false);

      const after = await as(t, WHO.street).get(`/api/cases/${c.id}`);
      expect(after.body).toMatchObject({ status: 'closed', reworkCount: 0 });
      expect(after.body.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'closed']);
      const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM rating WHERE case_id = $1`, [c.id]);
      expect(n).toBe(0);
    } finally {
      wall.close();
    }
  });

  it('still lets a resident rate its own report once, and reopen it once', async () => {
    const made = await t.http().post('/api/public/reports').send({ categoryCode: '0603', description: '垃圾未清', location: freshSpotInG1() });
    const [row] = await t.sql<{ id: string }>(`SELECT id FROM grid_case WHERE tracking_code = $1`, [made.body.trackingCode]);
    // 0603 enters at the grid: its inspector handles and verifies it.
    for (const [step, body] of [
      ['claim', {}],
      ['resolve', { note: '已清运' }],
      ['verify', { passed: true, note: '现场核实' }],
    ] as const) {
      expect([step, (await as(t, INSPECTOR_G1).post(`/api/cases/${row.id}/${step}`, body)).status]).toEqual([step, 200]);
    }
    const rate = (satisfaction: string) => t.http().post(`/api/public/reports/${made.body.trackingCode}/rating`).send({ satisfaction });
    const first = await rate('unsatisfied');
    expect([first.status, first.body.reopened]).toEqual([201, true]);
    expect((await as(t, WHO.street).get(`/api/cases/${row.id}`)).body).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    expect((await rate('unsatisfied')).status).toBe(409); // not closed any more
  });
});
