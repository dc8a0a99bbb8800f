import type { Table } from '../exports/table';
import type { StatsService } from './stats.service';

type Ranking = Awaited<ReturnType<StatsService['ranking']>>;
type Item = Ranking['items'][number];

const UNIT: Record<string, string> = { department: '部门', street: '街道', area: '片区' };

/** The ranking (`GET /api/stats/ranking?format=csv|xlsx`): one line per unit, the rates as 0..1. */
export function rankingTable(r: Ranking): Table<Item> {
  const day = (iso: string) => iso.slice(0, 10);
  return {
    filename: `考核排名_${UNIT[r.groupBy]}_${day(r.from)}_${day(r.to)}`,
    sheet: '考核排名',
    rows: r.items,
    columns: [
      { header: '单位代码', value: (i) => i.code, width: 18 },
      { header: '单位名称', value: (i) => i.name, width: 18 },
      { header: '受理数', value: (i) => i.received },
      { header: '结案数', value: (i) => i.closed },
      { header: '按期结案率', value: (i) => i.onTimeRate },
      { header: '结案率', value: (i) => i.closureRate },
      { header: '返工率', value: (i) => i.reworkRate },
      { header: '退单率', value: (i) => i.returnRate },
      { header: '满意率', value: (i) => i.satisfactionRate },
      { header: '平均处置时长(分钟)', value: (i) => i.avgHandleMinutes },
    ],
  };
}
