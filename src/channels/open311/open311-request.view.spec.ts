import { projectCase, PUBLIC_READER } from '../../cases/case-projection';
import type { CaseView } from '../../cases/case-view';
import { open311Request, type Names } from './open311-request.view';

const names: Names = {
  category: (c) => ({ '0101': '暴露垃圾' })[c] ?? c,
  department: (c) => ({ CG: '城管中队', SR: '市容所' })[c] ?? c,
  region: (c) => ({ 'XH-CQ-A1-N01': '一居委', 'XH-CQ': '长桥街道' })[c] ?? c,
  place: () => '一网格, 一居委, 长桥街道',
  timeZone: 'Asia/Shanghai',
};

const base = {
  id: 'c1',
  code: 'XH-CQ-20261122-000001',
  status: 'pending',
  rung: 'neighbourhood',
  categoryCode: '0101',
  description: '楼道堆物',
  address: null,
  location: { lat: 31.14, lng: 121.42 },
  gridCode: 'XH-CQ-A1-N01-G1',
  holderRegionCode: 'XH-CQ-A1-N01',
  source: 'open311',
  reporter: { name: '张三', phone: '13800000000', email: 'z@example.org' },
  trackingCode: 'SECRET-CODE',
  duplicateOf: null,
  feedback: null,
  sla: { state: 'ok', stage: 'rung', dueAt: '2026-11-22T07:00:00.000Z' },
  tasks: [],
  createdAt: '2026-11-22T03:00:00.000Z',
  updatedAt: '2026-11-22T03:00:00.000Z',
  closedAt: null,
} as unknown as CaseView;

const read = (own: Partial<CaseView>, effective?: Partial<CaseView>) => {
  const o = projectCase({ ...base, ...own }, PUBLIC_READER);
  return open311Request(o, effective ? projectCase({ ...base, ...effective }, PUBLIC_READER) : o, names);
};

describe('an Open311 service request', () => {
  it('reads an open case with the district’s offset, its holder and its deadline, and nothing personal', () => {
    const r = read({});
    expect(r).toEqual({
      service_request_id: 'XH-CQ-20261122-000001',
      status: 'open',
      status_notes: '已受理，待处置',
      agency_responsible: '一居委',
      service_code: '0101',
      service_name: '暴露垃圾',
      description: '楼道堆物',
      requested_datetime: '2026-11-22T11:00:00+08:00',
      updated_datetime: '2026-11-22T11:00:00+08:00',
      expected_datetime: '2026-11-22T15:00:00+08:00',
      address: '一网格, 一居委, 长桥街道',
      address_id: 'XH-CQ-A1-N01-G1',
      lat: 31.14,
      long: 121.42,
    });
    expect(JSON.stringify(r)).not.toMatch(/张三|13800000000|example\.org|SECRET/);
  });

  it('reads closed and cancelled cases as closed, updated when they closed, with the feedback', () => {
    const closed = read({
      status: 'closed',
      feedback: '已清运',
      closedAt: '2026-11-22T05:00:00.000Z',
      updatedAt: '2026-11-22T06:00:00.000Z',
    });
    expect(closed).toMatchObject({
      status: 'closed',
      status_notes: '已清运',
      updated_datetime: '2026-11-22T13:00:00+08:00',
      expected_datetime: null,
    });
    expect(read({ status: 'cancelled' })).toMatchObject({ status: 'closed', status_notes: '已撤销' });
  });

  it('reads a merged report as the case it was merged into', () => {
    const r = read(
      { status: 'merged', duplicateOf: 'm1' },
      { id: 'm1', code: 'XH-CQ-20261121-000009', status: 'closed', feedback: '已清运', closedAt: '2026-11-22T05:00:00.000Z' },
    );
    expect(r).toMatchObject({
      service_request_id: 'XH-CQ-20261122-000001',
      status: 'closed',
      status_notes: '已与 XH-CQ-20261121-000009 合并处理；已清运',
    });
  });

  it('names the live departments, lead first, while the case is on departments', () => {
    const task = (departmentCode: string, role: string, status = 'claimed', recalled = false) => ({ departmentCode, role, status, recalled });
    const r = read({
      rung: 'department',
      holderRegionCode: 'XH-CQ',
      tasks: [task('SR', 'assist'), task('CG', 'lead'), task('FG', 'assist', 'returned')],
    } as unknown as Partial<CaseView>);
    expect(r.agency_responsible).toBe('城管中队、市容所');
  });
});
