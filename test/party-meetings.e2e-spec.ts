import { as, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const N01 = 'XH-CQ-A1-N01';
const SOON = () => new Date(Date.now() + 3_600_000).toISOString();
const meeting = (user: string, extra: Record<string, unknown> = {}) =>
  as(t, user).post('/api/meetings', { regionCode: N01, kind: 'hearing', scheduledAt: SOON(), agenda: [{ title: '加装电梯听证' }], ...extra });
const held = async (id: string) => t.sql(`UPDATE party_meeting SET scheduled_at = now() - interval '1 hour' WHERE id = $1`, [id]);
const minutes = {
  attendees: ['王书记', '居民代表李阿姨'],
  decisions: [{ item: '加装电梯', outcome: '同意，进入公示', votesFor: 23, votesAgainst: 2, abstain: 1 }],
};

const raise = async (user = 'hood-cq-a1-n01', regionCode = N01, extra: Record<string, unknown> = {}) => {
  const res = await as(t, user).post('/api/demands', { regionCode, class: '助老助残', title: '加装电梯', ...extra });
  if (res.status !== 201) throw new Error(`demand: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string };
};
const startedProject = async (demandId: string, title: string, finish = false) => {
  await as(t, 'street-cq').post(`/api/demands/${demandId}/claim`, { unitCode: 'icbc-cq' });
  const p = await as(t, 'street-cq').post('/api/projects', {
    title,
    demandIds: [demandId],
    leadUnitCode: 'icbc-cq',
    partnerUnitCodes: ['hosp-xh8'],
    year: 2026,
    fundsCny: 80000,
    milestones: [{ title: '开工', dueAt: '2027-01-31T00:00:00.000Z' }],
  });
  await as(t, 'street-cq').post(`/api/projects/${p.body.id}/start`);
  if (finish) await as(t, 'street-cq').post(`/api/projects/${p.body.id}/finish`);
  return p.body.id as string;
};

describe('meetings (POST /api/meetings, minutes)', () => {
  it('a neighbourhood schedules a hearing with an agenda of its demands, projects and cases', async () => {
    const c = await report(t, { categoryCode: '0101' });
    const d = await raise();
    const p = await startedProject((await raise()).id, '适老化改造');
    const res = await meeting('hood-cq-a1-n01', {
      agenda: [{ title: '电梯', demandId: d.id }, { title: '改造进度', projectId: p }, { title: '垃圾', caseId: c.id }, { title: '其他' }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      regionCode: N01,
      kind: 'hearing',
      minutes: null,
      agenda: [
        { title: '电梯', demandId: d.id, projectId: null, caseId: null },
        { title: '改造进度', demandId: null, projectId: p, caseId: null },
        { title: '垃圾', demandId: null, projectId: null, caseId: c.id },
        { title: '其他', demandId: null, projectId: null, caseId: null },
      ],
    });
    expect((await as(t, 'hood-cq-a1-n01').get(`/api/meetings/${res.body.id}`)).body.agenda).toHaveLength(4);
  });

  it('only inside the own region; liaison, display and inspector cannot write; agenda refs must be visible', async () => {
    expect((await meeting('hood-cq-a1-n01', { regionCode: 'XH-CQ-A1-N02' })).status).toBe(403);
    expect((await meeting('street-cq', { regionCode: 'XH-CQ', kind: 'joint' })).status).toBe(201);
    for (const user of ['liaison-sr', 'wall-cq', 'insp-cq-a1-n01-g1']) expect((await meeting(user)).status).toBe(403);
    const other = await raise('hood-cq-a1-n02', 'XH-CQ-A1-N02');
    const res = await meeting('hood-cq-a1-n01', { agenda: [{ title: 'x', demandId: other.id }] });
    expect([res.status, res.body.details[0].field]).toEqual([404, 'agenda.0.demandId']);
    const noCase = await meeting('hood-cq-a1-n01', { agenda: [{ title: 'x', caseId: '00000000-0000-4000-8000-000000000000' }] });
    expect([noCase.status, noCase.body.details[0].field]).toEqual([404, 'agenda.0.caseId']);
    for (const [extra, field] of [
      [{ kind: 'party' }, 'kind'],
      [{ scheduledAt: 'tomorrow' }, 'scheduledAt'],
      [{ agenda: [] }, 'agenda'],
      [{ regionCode: 'NOPE' }, 'regionCode'],
    ] as const) {
      const bad = await meeting('street-cq', extra);
      expect([bad.status, bad.body.details.map((d: { field: string }) => d.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
  });

  it('minutes: 409 before the meeting, once after it; 400 on negative votes', async () => {
    const id = (await meeting('hood-cq-a1-n01')).body.id;
    const early = await as(t, 'hood-cq-a1-n01').post(`/api/meetings/${id}/minutes`, minutes);
    expect(early.status).toBe(409);
    await held(id);
    const negative = await as(t, 'hood-cq-a1-n01').post(`/api/meetings/${id}/minutes`, {
      ...minutes,
      decisions: [{ item: 'x', outcome: 'y', votesAgainst: -1 }],
    });
    expect([negative.status, negative.body.details[0].field]).toEqual([400, 'decisions.0.votesAgainst']);
    expect((await as(t, 'hood-cq-a1-n02').post(`/api/meetings/${id}/minutes`, minutes)).status).toBe(404);
    expect((await as(t, 'wall-cq').post(`/api/meetings/${id}/minutes`, minutes)).status).toBe(403);
    const ok = await as(t, 'hood-cq-a1-n01').post(`/api/meetings/${id}/minutes`, minutes);
    expect(ok.status).toBe(201);
    expect(ok.body.minutes).toMatchObject({ attendees: minutes.attendees, decisions: minutes.decisions });
    expect((await as(t, 'street-cq').post(`/api/meetings/${id}/minutes`, minutes)).status).toBe(409);
    const concurrent = (await meeting('hood-cq-a1-n01')).body.id;
    await held(concurrent);
    const all = await Promise.all([...Array(5)].map(() => as(t, 'hood-cq-a1-n01').post(`/api/meetings/${concurrent}/minutes`, minutes)));
    expect(all.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
  });

  it('lists the meetings a region may see', async () => {
    const sibling = (await meeting('hood-cq-a1-n02', { regionCode: 'XH-CQ-A1-N02', kind: 'review' })).body.id;
    const ids = async (user: string, q = '') => (await as(t, user).get(`/api/meetings?limit=500${q}`)).body.items.map((m: { id: string }) => m.id);
    expect(await ids('hood-cq-a1-n01')).not.toContain(sibling);
    expect(await ids('street-cq', '&kind=review')).toEqual([sibling]);
    expect(await ids('street-hn')).toEqual([]);
    expect((await as(t, 'hood-cq-a1-n01').get(`/api/meetings/${sibling}`)).status).toBe(404);
  });
});

describe('public notices (GET /api/public/regions/:code/notices)', () => {
  it('shows started and finished projects and meeting decisions of the region and its ancestors, with no personal data', async () => {
    const c = await report(t, { categoryCode: '0101', reporter: { name: '钱阿婆', phone: '13700009876' } });
    const active = await startedProject((await raise('hood-cq-a1-n01', N01, { caseIds: [c.id] })).id, '楼道整治');
    const done = await startedProject((await raise('street-cq', 'XH-CQ')).id, '全街道助老', true);
    const sibling = await startedProject((await raise('hood-cq-a1-n02', 'XH-CQ-A1-N02')).id, '兄弟小区项目');
    await as(t, 'street-cq').post(`/api/demands/${(await raise()).id}/claim`, { unitCode: 'icbc-cq' });
    const streetMeeting = (await meeting('street-cq', { regionCode: 'XH-CQ', kind: 'joint' })).body.id;
    await held(streetMeeting);
    await as(t, 'street-cq').post(`/api/meetings/${streetMeeting}/minutes`, {
      attendees: ['街道党工委书记周建华', '工商银行王建国'],
      decisions: [{ item: '年度重点项目', outcome: '通过三项', votesFor: 15, votesAgainst: 0, abstain: 0 }],
    });
    const unheld = (await meeting('hood-cq-a1-n01')).body.id;
    const elsewhere = (await meeting('hood-cq-a1-n02', { regionCode: 'XH-CQ-A1-N02' })).body.id;
    await held(elsewhere);
    await as(t, 'hood-cq-a1-n02').post(`/api/meetings/${elsewhere}/minutes`, {
      attendees: ['x'],
      decisions: [{ item: '兄弟小区决议', outcome: '通过' }],
    });

    const res = await t.http().get(`/api/public/regions/${N01}/notices`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ regionCode: N01, regionName: '长桥一村' });
    const titles = res.body.projects.map((p: { id: string }) => p.id);
    expect(titles).toEqual(expect.arrayContaining([active, done]));
    expect(titles).not.toContain(sibling);
    expect(res.body.projects.find((p: { id: string }) => p.id === done)).toMatchObject({
      status: 'done',
      regionCode: 'XH-CQ',
      regionName: '长桥街道',
      leadUnit: '工商银行长桥支行',
      partnerUnits: ['徐汇区第八人民医院'],
      fundsCny: 80000,
      milestones: [{ title: '开工', completedAt: null }],
    });
    expect(res.body.decisions).toContainEqual(
      expect.objectContaining({
        meetingId: streetMeeting,
        kind: 'joint',
        regionCode: 'XH-CQ',
        item: '年度重点项目',
        outcome: '通过三项',
        votesFor: 15,
      }),
    );
    expect(new Set(res.body.decisions.map((d: { regionCode: string }) => d.regionCode))).toEqual(new Set(['XH-CQ', N01]));
    expect(JSON.stringify(res.body)).not.toContain(unheld);
    expect(JSON.stringify(res.body)).not.toContain('兄弟小区决议');

    const body = JSON.stringify(res.body);
    for (const secret of [
      '13916200101',
      '13916200104',
      '王建国',
      '张丽华',
      '钱阿婆',
      '13700009876',
      '周建华',
      '王书记',
      'contact',
      'attendees',
      'phone',
    ])
      expect(body).not.toContain(secret);
    expect((await t.http().get('/api/public/regions/NOPE/notices')).status).toBe(404);
  });
});
