import type { Table } from '../exports/table';
import type { ProjectedCase } from './case-projection';
import type { CaseSource } from './case.entity';

/** The words a street office reads for the contract's values. */
const STATUS: Record<string, string> = {
  pending: '待受理',
  in_progress: '处置中',
  resolved: '待核查',
  closed: '已结案',
  cancelled: '已撤销',
  merged: '已合并',
};
const RUNG: Record<string, string> = { grid: '网格', neighbourhood: '社区', area: '片区', street: '街道', department: '职能部门' };
const SOURCE: Record<CaseSource, string> = {
  patrol: '巡查上报',
  hotline: '12345热线',
  wall: '指挥中心',
  resident: '居民扫码',
  open311: 'Open311应用',
};
const SLA: Record<string, string> = { ok: '正常', warning: '预警', breached: '超期' };

type Listed = ProjectedCase & { reporter?: { name: string | null; phone: string | null } | null };

/**
 * The case list (`GET /api/cases?format=csv|xlsx`): every case the filters match, as the caller may see
 * it — the reporter's columns stay empty where the projection took the reporter out.
 */
export function caseListTable(rows: AsyncIterable<Listed>, names: { region(code: string): string; category(code: string): string }): Table<Listed> {
  return {
    filename: '案件清单',
    sheet: '案件清单',
    rows,
    columns: [
      { header: '案件编号', value: (c) => c.code, width: 24 },
      { header: '状态', value: (c) => STATUS[c.status] ?? c.status },
      { header: '紧急程度', value: (c) => (c.priority === 'urgent' ? '紧急' : '一般') },
      { header: '问题类别', value: (c) => names.category(c.categoryCode), width: 16 },
      { header: '问题描述', value: (c) => c.description, width: 40 },
      { header: '地址', value: (c) => c.address, width: 24 },
      { header: '街道', value: (c) => names.region(c.streetCode) },
      { header: '片区', value: (c) => names.region(c.areaCode) },
      { header: '社区', value: (c) => names.region(c.neighbourhoodCode), width: 12 },
      { header: '网格', value: (c) => c.gridCode, width: 20 },
      { header: '处置层级', value: (c) => RUNG[c.rung] ?? c.rung },
      {
        header: '承办单位',
        value: (c) => (c.rung === 'department' ? c.tasks.map((t) => t.departmentCode).join('、') : names.region(c.holderRegionCode)),
      },
      { header: '来源', value: (c) => SOURCE[c.source] ?? c.source },
      { header: '时限状态', value: (c) => SLA[c.sla.state] ?? c.sla.state },
      { header: '时限', value: (c) => c.sla.dueAt, width: 20, time: true },
      { header: '返工次数', value: (c) => c.reworkCount },
      { header: '督办次数', value: (c) => c.supervisionCount },
      { header: '上报时间', value: (c) => c.createdAt, width: 20, time: true },
      { header: '办结时间', value: (c) => c.resolvedAt, width: 20, time: true },
      { header: '结案时间', value: (c) => c.closedAt, width: 20, time: true },
      { header: '处置反馈', value: (c) => c.feedback, width: 30 },
      { header: '上报人', value: (c) => c.reporter?.name ?? null },
      { header: '联系电话', value: (c) => c.reporter?.phone ?? null, width: 14 },
    ],
  };
}
