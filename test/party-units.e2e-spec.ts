import { as } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const unit = (code: string, extra: Record<string, unknown> = {}) => ({
  code,
  name: '长桥社区卫生服务中心',
  kind: 'institution',
  regionCode: 'XH-CQ',
  contact: { name: '周医生', phone: '13800001111' },
  ...extra,
});

describe('member units (GET/POST/PATCH /api/units)', () => {
  it('seeds the demo units: a bank, a school, a hospital, a property company and a garrison', async () => {
    const res = await as(t, 'admin').get('/api/units?limit=500');
    expect(res.status).toBe(200);
    const kinds = res.body.items.map((u: { kind: string }) => u.kind);
    expect(kinds).toEqual(expect.arrayContaining(['enterprise', 'school', 'institution', 'army']));
    expect(res.body.items.find((u: { code: string }) => u.code === 'icbc-cq')).toMatchObject({
      name: '工商银行长桥支行',
      regionCode: 'XH-CQ',
      contact: { name: '王建国', phone: '13916200101' },
    });
  });

  it('any staff reads the units of its street and the district’s; not another street’s', async () => {
    const codes = async (user: string) => (await as(t, user).get('/api/units?limit=500')).body.items.map((u: { code: string }) => u.code);
    for (const user of ['hood-cq-a1-n01', 'insp-cq-a1-n01-g1', 'wall-cq', 'street-cq']) {
      const seen = await codes(user);
      expect(seen).toEqual(expect.arrayContaining(['icbc-cq', 'hosp-xh8']));
      expect(seen).not.toContain('army-hn');
    }
    expect(await codes('liaison-sr')).toContain('army-hn');
    expect((await as(t, 'street-cq').get('/api/units?regionCode=XH-HN')).status).toBe(404);
    const schools = await as(t, 'street-cq').get('/api/units?kind=school');
    expect(schools.body.items.map((u: { code: string }) => u.code)).toEqual(['school-cq2']);
  });

  it('a street registers units of its own street; 403 for another street or the district; admin anywhere', async () => {
    const res = await as(t, 'street-cq').post('/api/units', unit('cq-health'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'cq-health', kind: 'institution', regionCode: 'XH-CQ', active: true, contact: { phone: '13800001111' } });
    expect((await as(t, 'street-cq').post('/api/units', unit('hn-x', { regionCode: 'XH-HN' }))).status).toBe(403);
    expect((await as(t, 'street-cq').post('/api/units', unit('xh-x', { regionCode: 'XH' }))).status).toBe(403);
    expect((await as(t, 'admin').post('/api/units', unit('xh-x', { regionCode: 'XH' }))).status).toBe(201);
    for (const user of ['hood-cq-a1-n01', 'area-cq-a1', 'liaison-sr', 'wall-cq', 'insp-cq-a1-n01-g1'])
      expect((await as(t, user).post('/api/units', unit(`u-${user}`))).status).toBe(403);
  });

  it('refuses bad units with 400 naming the field, a taken code with 409', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'bank' }, 'kind'],
      [{ regionCode: 'XH-CQ-A1' }, 'regionCode'],
      [{ regionCode: 'NOPE' }, 'regionCode'],
      [{ code: '单位 1' }, 'code'],
      [{ contact: { name: '周医生', phone: 'call me' } }, 'contact.phone'],
      [{ contact: { phone: '13800001111' } }, 'contact.name'],
    ];
    for (const [extra, field] of cases) {
      const res = await as(t, 'admin').post('/api/units', unit('bad-1', extra));
      expect([res.status, res.body.details.map((d: { field: string }) => d.field)]).toEqual([400, expect.arrayContaining([field])]);
    }
    expect((await as(t, 'admin').post('/api/units', unit('icbc-cq'))).status).toBe(409);
  });

  it('PATCH changes a unit within the same powers', async () => {
    const res = await as(t, 'street-cq').patch('/api/units/wy-cq', { contact: { phone: '13800002222' }, active: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'wy-cq', active: false, contact: { name: '陈志强', phone: '13800002222' } });
    expect((await as(t, 'street-cq').patch('/api/units/hosp-xh8', { name: '改名' })).status).toBe(403);
    expect((await as(t, 'street-cq').patch('/api/units/army-hn', { name: '改名' })).status).toBe(404);
    expect((await as(t, 'street-cq').patch('/api/units/icbc-cq', { regionCode: 'XH-HN' })).status).toBe(403);
    expect((await as(t, 'admin').patch('/api/units/nope', { name: 'x' })).status).toBe(404);
    expect((await as(t, 'hood-cq-a1-n01').patch('/api/units/icbc-cq', { name: 'x' })).status).toBe(403);
    await as(t, 'street-cq').patch('/api/units/wy-cq', { active: true });
  });
});

describe('classes (GET/PUT /api/party/classes)', () => {
  it('seeds the ten classes; admin replaces the list; a retired class takes no new demand', async () => {
    const res = await as(t, 'hood-cq-a1-n01').get('/api/party/classes');
    expect(res.body.items).toEqual([
      '便民服务',
      '场地开放',
      '专业咨询',
      '志愿服务',
      '助老助残',
      '文化活动',
      '环境整治',
      '交通出行',
      '资金支持',
      '其他',
    ]);
    expect((await as(t, 'street-cq').put('/api/party/classes', { items: ['其他'] })).status).toBe(403);
    expect((await as(t, 'admin').put('/api/party/classes', { items: ['其他', '其他'] })).status).toBe(400);
    const put = await as(t, 'admin').put('/api/party/classes', { items: ['环境整治', '其他', '平安建设'] });
    expect(put.body.items).toEqual(['环境整治', '其他', '平安建设']);
    const refused = await as(t, 'hood-cq-a1-n01').post('/api/demands', { regionCode: 'XH-CQ-A1-N01', class: '便民服务', title: '理发' });
    expect([refused.status, refused.body.details[0].field]).toEqual([400, 'class']);
    const put2 = await as(t, 'admin').put('/api/party/classes', {
      items: ['便民服务', '场地开放', '专业咨询', '志愿服务', '助老助残', '文化活动', '环境整治', '交通出行', '资金支持', '其他'],
    });
    expect(put2.body.items).toHaveLength(10);
    expect((await as(t, 'hood-cq-a1-n01').post('/api/demands', { regionCode: 'XH-CQ-A1-N01', class: '便民服务', title: '理发' })).status).toBe(201);
  });
});
