import { as, freshSpotInG1, G1, INSPECTOR_G1, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const STREET = 'street-cq';
const north = (p: { lat: number; lng: number }, m: number) => ({ lat: p.lat + m / 111_195, lng: p.lng });
const count = async (table: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0].n);

describe('one-window intake', () => {
  it('places a location in its grid, or takes a grid code', async () => {
    const byGrid = await report(t, { location: undefined, gridCode: 'XH-CQ-A1-N02-G1', categoryCode: '0603' });
    expect(byGrid).toMatchObject({ gridCode: 'XH-CQ-A1-N02-G1', location: null, rung: 'grid', holderRegionCode: 'XH-CQ-A1-N02-G1' });
    expect(byGrid.code).toMatch(/^XH-CQ-\d{8}-000001$/); // the first case of this database
    const outside = await as(t, STREET).post('/api/cases', { categoryCode: '0101', description: 'x', location: { lat: 31.18, lng: 121.445 } });
    expect(outside.status).toBe(422);
    const unknownCategory = await as(t, STREET).post('/api/cases', { categoryCode: '9999', description: 'x', gridCode: G1 });
    expect(unknownCategory.status).toBe(422);
    const unknownGrid = await as(t, STREET).post('/api/cases', { categoryCode: '0101', description: 'x', gridCode: 'XH-NOPE' });
    expect(unknownGrid.status).toBe(422);
    const neither = await as(t, STREET).post('/api/cases', { categoryCode: '0101', description: 'x' });
    expect(neither.status).toBe(400);
    expect(neither.body.details[0].field).toBe('location');
  });

  // Every door (patrol, hotline, the command-centre wall, a resident's QR report) × every entry rung.
  const ENTRY = [
    ['grid', '0603', G1],
    ['neighbourhood', '0101', 'XH-CQ-A1-N01'],
    ['area', '0405', 'XH-CQ-A1'],
    ['street', '0301', 'XH-CQ'],
    ['department', '0104', 'XH-CQ'], // held by the street while the departments work
  ] as const;
  it.each(ENTRY)('takes a report of a %s-rung category (%s) in from every source and places it there', async (rung, categoryCode, holder) => {
    const patrol = await report(t, { categoryCode, source: 'patrol' });
    const hotline = await report(t, { categoryCode, source: 'hotline', reporter: { phone: '13900000000' } }, STREET);
    const wall = await report(t, { categoryCode, source: 'wall' }, STREET);
    const qr = await t
      .http()
      .post('/api/public/reports')
      .send({ categoryCode, description: '扫码上报', location: freshSpotInG1(), contact: { phone: '13900000001' } });
    expect(qr.status).toBe(201);
    const [resident] = await t.sql<{ source: string; rung: string; holder_region_code: string }>(
      `SELECT source, rung, holder_region_code FROM grid_case WHERE tracking_code = $1`,
      [qr.body.trackingCode],
    );
    const placed = [patrol, hotline, wall].map((c) => ({ source: c.source, rung: c.rung, holder: c.holderRegionCode, status: c.status }));
    expect(placed).toEqual(['patrol', 'hotline', 'wall'].map((source) => ({ source, rung, holder, status: 'pending' })));
    expect(resident).toEqual({ source: 'resident', rung, holder_region_code: holder });
    if (rung === 'department') expect(patrol.tasks.map((x: { departmentCode: string }) => x.departmentCode)).toContain('SR');
    else expect(patrol.tasks).toEqual([]);
  });

  it('closes a case resolved on site (自处置) at once, with no clock running', async () => {
    const c = await report(t, { resolvedOnSite: true });
    expect(c).toMatchObject({ status: 'closed', resolvedOnSite: true, closedAt: expect.any(String), sla: { state: 'ok', stage: null } });
    const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM deadline WHERE case_id = $1 AND state <> 'stopped'`, [c.id]);
    expect(Number(n)).toBe(0);
  });

  it('answers a repeated Idempotency-Key with the first case (200) and creates nothing', async () => {
    const body = { categoryCode: '0101', description: '重试', location: freshSpotInG1() };
    const send = async () =>
      t
        .http()
        .post('/api/cases')
        .set('Authorization', `Bearer ${await t.token(INSPECTOR_G1)}`)
        .set('Idempotency-Key', 'phone-retry-1')
        .send(body);
    const a = await send();
    expect(a.status).toBe(201);
    const before = await count('grid_case');
    const b = await send();
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    expect(await count('grid_case')).toBe(before);
    // Another user's same key is a different request.
    const other = await t
      .http()
      .post('/api/cases')
      .set('Authorization', `Bearer ${await t.token(STREET)}`)
      .set('Idempotency-Key', 'phone-retry-1')
      .send({ ...body, location: freshSpotInG1() });
    expect(other.status).toBe(201);
    expect(other.body.id).not.toBe(a.body.id);
  });

  it('merges a report of the same category within 50 m and 24 h into the open case', async () => {
    const spot = freshSpotInG1();
    const master = await report(t, { categoryCode: '0401', location: spot });
    const dup = await report(t, { categoryCode: '0401', location: north(spot, 30) });
    expect(dup).toMatchObject({ status: 'merged', duplicateOf: master.id });
    expect(dup.tasks).toEqual([]);
    const timeline = (await as(t, STREET).get(`/api/cases/${master.id}`)).body.timeline.map((e: any) => e.type);
    expect(timeline).toContain('merged');

    const far = await report(t, { categoryCode: '0401', location: north(spot, 300) });
    expect(far.status).toBe('pending');
    const otherCategory = await report(t, { categoryCode: '0603', location: north(spot, 10) });
    expect(otherCategory.status).toBe('pending');
  });

  it('does not merge into a case older than 24 h, nor into a closed one', async () => {
    const spot = freshSpotInG1();
    const old = await report(t, { categoryCode: '0402', location: spot });
    await t.sql(`UPDATE grid_case SET created_at = now() - interval '25 hours' WHERE id = $1`, [old.id]);
    expect((await report(t, { categoryCode: '0402', location: north(spot, 5) })).status).toBe('pending');

    const spot2 = freshSpotInG1();
    const closed = await report(t, { categoryCode: '0603', location: spot2, resolvedOnSite: true });
    expect(closed.status).toBe('closed');
    expect((await report(t, { categoryCode: '0603', location: north(spot2, 5) })).status).toBe('pending');
  });

  it('numbers cases uniquely under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => report(t, { categoryCode: '0603' })));
    const seqs = results.map((c: { code: string }) => Number(c.code.split('-').pop()));
    expect(new Set(seqs).size).toBe(10);
  });

  // Reports that arrive together are opened in one transaction (group commit): the rules hold within it.
  describe('reports arriving together', () => {
    it('ten simultaneous reports of one problem within 40 m make one case and nine merged into it', async () => {
      const spot = freshSpotInG1();
      const cases = await Promise.all(Array.from({ length: 10 }, (_, i) => report(t, { categoryCode: '0404', location: north(spot, i * 4) })));
      const open = cases.filter((c: { status: string }) => c.status === 'pending');
      expect(open).toHaveLength(1);
      expect(cases.filter((c: { status: string; duplicateOf: string }) => c.status === 'merged' && c.duplicateOf === open[0].id)).toHaveLength(9);
      const merged = await t.sql(`SELECT 1 FROM case_event WHERE case_id = $1 AND type = 'merged'`, [open[0].id]);
      expect(merged).toHaveLength(9);
    });

    it('stores each new case’s SLA view as its deadlines give it, whichever batch it came in', async () => {
      const cases = await Promise.all(
        ['0603', '0101', '0405', '0301', '0104'].flatMap((categoryCode) => [0, 1].map(() => report(t, { categoryCode }))),
      );
      const ids = cases.map((c: { id: string }) => c.id);
      // The view derived from the deadline rows, as the case repository derives it for existing cases.
      const rows = await t.sql<{ same: boolean }>(
        `SELECT (c.sla_state, c.sla_stage, c.sla_due_at, c.rung_due_at, c.verify_due_at) IS NOT DISTINCT FROM
                (COALESCE(s.state, 'ok'), s.stage, s.due_at, s.rung_due_at, s.verify_due_at) AS same
         FROM grid_case c JOIN (
           SELECT d0.id,
                  CASE WHEN bool_or(d.state = 'breached') THEN 'breached' WHEN bool_or(d.state = 'warned') THEN 'warning' END AS state,
                  (array_agg(d.stage ORDER BY d.due_at) FILTER (WHERE d.id IS NOT NULL))[1] AS stage, min(d.due_at) AS due_at,
                  min(d.due_at) FILTER (WHERE d.stage = 'rung') AS rung_due_at, min(d.due_at) FILTER (WHERE d.stage = 'verify') AS verify_due_at
           FROM unnest($1::uuid[]) AS d0(id) LEFT JOIN deadline d ON d.case_id = d0.id AND d.state <> 'stopped' GROUP BY d0.id) s ON s.id = c.id`,
        [ids],
      );
      expect(rows.map((r) => r.same)).toEqual(ids.map(() => true));
      const department = cases.filter((c: { rung: string }) => c.rung === 'department');
      expect(department).toHaveLength(2);
      for (const c of department) expect(c.tasks.every((x: { claimDueAt: string | null }) => x.claimDueAt !== null)).toBe(true);
    });

    it('a report that fails in a batch fails alone: the others are opened', async () => {
      const token = `Bearer ${await t.token(STREET)}`;
      // The twins stand apart, so that they can share a batch (which the key's uniqueness then fails).
      const keyed = () => ({ categoryCode: '0603', description: 'keyed', location: freshSpotInG1() });
      const results = await Promise.all([
        ...Array.from({ length: 6 }, () =>
          t.http().post('/api/cases').set('Authorization', token).send({ categoryCode: '0603', description: 'x', location: freshSpotInG1() }),
        ),
        ...[0, 1].map(() => t.http().post('/api/cases').set('Authorization', token).set('Idempotency-Key', 'batch-race').send(keyed())),
      ]);
      expect(results.slice(0, 6).map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      const twins = results.slice(6);
      expect(twins.map((r) => r.status).sort()).toEqual([200, 201]);
      expect(twins[0].body.id).toBe(twins[1].body.id);
    });
  });
});

describe('attachments', () => {
  const png = Buffer.from(
    '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da6364f8cf00000301010018dd8db40000000049454e44ae426082',
    'hex',
  );

  it('stores a photo checked by content, serves it back, and lets a case reference it', async () => {
    const up = await t
      .http()
      .post('/api/attachments')
      .set('Authorization', `Bearer ${await t.token(INSPECTOR_G1)}`)
      .attach('file', png, 'anything.txt');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ id: expect.any(String), url: `/api/attachments/${up.body.id}` });
    const c = await report(t, { photos: [up.body.id] });
    expect(c.photos).toEqual([up.body.id]);
    // Referenced by a case in its street, the street reads it (test/attachments.e2e-spec.ts: who else).
    const back = await t
      .http()
      .get(up.body.url)
      .set('Authorization', `Bearer ${await t.token(STREET)}`);
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(back.body, png)).toBe(0);
  });

  it('refuses another type (415), an oversized file (413), a missing file (400) and unknown photo ids (422)', async () => {
    const token = `Bearer ${await t.token(INSPECTOR_G1)}`;
    const text = await t.http().post('/api/attachments').set('Authorization', token).attach('file', Buffer.from('hello'), 'photo.jpg');
    expect(text.status).toBe(415);
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(10 * 1024 * 1024 + 1)]);
    const huge = await t.http().post('/api/attachments').set('Authorization', token).attach('file', big, 'big.jpg');
    expect(huge.status).toBe(413);
    const none = await t.http().post('/api/attachments').set('Authorization', token).field('x', 'y');
    expect(none.status).toBe(400);
    const res = await as(t, INSPECTOR_G1).post('/api/cases', {
      categoryCode: '0101',
      description: 'x',
      location: freshSpotInG1(),
      photos: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(res.status).toBe(422);
  });
});

describe('residents (一站反馈)', () => {
  const contact = { name: '李阿姨', phone: '13912345678' };

  async function close(caseId: string) {
    const c = (await as(t, STREET).get(`/api/cases/${caseId}`)).body;
    await as(t, STREET).post(`/api/cases/${caseId}/dispatch`, { rung: 'street' });
    await as(t, STREET).post(`/api/cases/${caseId}/resolve`, { note: '已处理完毕，感谢反映' });
    const v = await as(t, STREET).post(`/api/cases/${caseId}/verify`, { passed: true, note: '核查通过' });
    expect(v.status).toBe(200);
    return c;
  }

  it('reports without a token, follows by tracking code, rates once, and the first unsatisfied reopens', async () => {
    const res = await t
      .http()
      .post('/api/public/reports')
      .send({ categoryCode: '0101', description: '楼下垃圾堆积', location: freshSpotInG1(), contact });
    expect(res.status).toBe(201);
    const code = res.body.trackingCode;
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);

    const [row] = await t.sql<{ id: string; source: string; reporter_phone: string }>(
      `SELECT id, source, reporter_phone FROM grid_case WHERE tracking_code = $1`,
      [code],
    );
    expect(row).toMatchObject({ source: 'resident', reporter_phone: contact.phone });

    const early = await t.http().post(`/api/public/reports/${code}/rating`).send({ satisfaction: 'satisfied' });
    expect(early.status).toBe(409);

    await close(row.id);
    const tracked = await t.http().get(`/api/public/reports/${code}`).expect(200);
    expect(tracked.body).toMatchObject({
      status: 'closed',
      categoryName: '暴露垃圾',
      feedback: '已处理完毕，感谢反映',
      closedAt: expect.any(String),
    });
    expect(tracked.body.timeline.map((e: any) => e.type)).toEqual(['created', 'dispatched', 'resolved', 'verified']);

    const unhappy = await t.http().post(`/api/public/reports/${code}/rating`).send({ satisfaction: 'unsatisfied', comment: '没清干净' });
    expect(unhappy.status).toBe(201);
    expect(unhappy.body.reopened).toBe(true);
    const reopened = (await as(t, STREET).get(`/api/cases/${row.id}`)).body;
    expect(reopened).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    expect((await t.http().post(`/api/public/reports/${code}/rating`).send({ satisfaction: 'satisfied' })).status).toBe(409);

    // A new closure may be rated again; a second unsatisfied does not reopen.
    await as(t, STREET).post(`/api/cases/${row.id}/resolve`, { note: '已再次清理' });
    await as(t, STREET).post(`/api/cases/${row.id}/verify`, { passed: true, note: 'ok' });
    const again = await t.http().post(`/api/public/reports/${code}/rating`).send({ satisfaction: 'unsatisfied' });
    expect(again.status).toBe(201);
    expect(again.body.reopened).toBe(false);
    expect((await as(t, STREET).get(`/api/cases/${row.id}`)).body.status).toBe('closed');
  });

  it('gives a merged report the feedback of the case it was merged into', async () => {
    const spot = freshSpotInG1();
    const master = await report(t, { categoryCode: '0606', location: spot });
    const res = await t
      .http()
      .post('/api/public/reports')
      .send({ categoryCode: '0606', description: '绿化带被踩坏', location: north(spot, 20), contact });
    const code = res.body.trackingCode;
    expect((await t.http().get(`/api/public/reports/${code}`)).body.status).toBe('pending');
    await close(master.id);
    const tracked = (await t.http().get(`/api/public/reports/${code}`)).body;
    expect(tracked).toMatchObject({ status: 'closed', feedback: '已处理完毕，感谢反映' });
  });

  it('never shows a name or phone number on the public routes', async () => {
    const res = await t.http().post('/api/public/reports').send({ categoryCode: '0110', description: '小广告', location: freshSpotInG1(), contact });
    const code = res.body.trackingCode;
    const [row] = await t.sql<{ id: string }>(`SELECT id FROM grid_case WHERE tracking_code = $1`, [code]);
    await close(row.id);
    const json = JSON.stringify((await t.http().get(`/api/public/reports/${code}`)).body) + JSON.stringify(res.body);
    for (const secret of [contact.name, contact.phone, 'street-cq', '值班员', 'insp-', 'liaison', '13912345678']) expect(json).not.toContain(secret);
    expect((await t.http().get('/api/public/reports/NOPE0-NOPE0')).status).toBe(404);
  });
});
