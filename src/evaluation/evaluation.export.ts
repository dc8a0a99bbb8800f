import type { Table } from '../exports/table';
import type { indicatorItem } from './indicators.view';
import type { Scorecard } from './domain/scoring';

type Indicator = ReturnType<typeof indicatorItem>;

const UNIT: Record<string, string> = { department: '部门', street: '街道', area: '片区', neighbourhood: '社区', grid: '网格' };

/** The indicators (`?format=csv|xlsx`): every count and rate of the JSON, in its order. */
export function indicatorsTable(period: string, groupBy: string, items: Indicator[]): Table<Indicator> {
  return {
    filename: `考核指标_${UNIT[groupBy]}_${period}`,
    sheet: '考核指标',
    rows: items,
    columns: [
      { header: '单位代码', value: (i) => i.code, width: 18 },
      { header: '单位名称', value: (i) => i.name, width: 18 },
      { header: '受理数', value: (i) => i.received },
      { header: '结案数', value: (i) => i.closed },
      { header: '按期结案数', value: (i) => i.closedOnTime },
      { header: '返工数', value: (i) => i.reworked },
      { header: '退单数', value: (i) => i.returned },
      { header: '延期数', value: (i) => i.extended },
      { header: '督办数', value: (i) => i.supervised },
      { header: '评价数', value: (i) => i.rated },
      { header: '满意', value: (i) => i.satisfied },
      { header: '基本满意', value: (i) => i.basic },
      { header: '不满意', value: (i) => i.unsatisfied },
      { header: '紧急受理数', value: (i) => i.urgentReceived },
      { header: '紧急按期结案数', value: (i) => i.urgentClosedOnTime },
      { header: '结案率', value: (i) => i.closureRate },
      { header: '按期结案率', value: (i) => i.onTimeRate },
      { header: '返工率', value: (i) => i.reworkRate },
      { header: '退单率', value: (i) => i.returnRate },
      { header: '满意率', value: (i) => i.satisfactionRate },
      { header: '紧急按期率', value: (i) => i.urgentOnTimeRate },
      { header: '平均处置时长(分钟)', value: (i) => i.avgHandleMinutes },
    ],
  };
}

/**
 * The scorecards (`?format=csv|xlsx`): rank, unit, total, one column per component, what was missing.
 * The components are the cards' own (a published card keeps the scheme it was scored with).
 */
export function scorecardsTable(scheme: string, period: string, published: boolean, cards: Scorecard[]): Table<Scorecard> {
  const parts = cards[0]?.components ?? [];
  const nameOf = (key: string) => parts.find((k) => k.key === key)?.name ?? key;
  return {
    filename: `考核成绩_${scheme}_${period}${published ? '_已发布' : ''}`,
    sheet: '考核成绩',
    rows: cards,
    columns: [
      { header: '名次', value: (c) => c.rank },
      { header: '单位代码', value: (c) => c.code, width: 18 },
      { header: '单位名称', value: (c) => c.name, width: 18 },
      { header: '总分', value: (c) => c.total },
      ...parts.map((k) => ({
        header: `${k.name}(${Math.round(k.weight * 100)}%)`,
        value: (c: Scorecard) => c.components.find((x) => x.key === k.key)?.score ?? null,
      })),
      { header: '缺项', value: (c) => c.missing.map(nameOf).join('、') },
    ],
  };
}
