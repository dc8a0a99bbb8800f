import type { Scheme } from './scheme';

/** Xuhui's 631 (API.md): residents' satisfaction 60 %, routine work 30 %, special tasks 10 %. */
export const XH_631: Scheme = {
  code: 'xh-631',
  name: '徐汇 631 考核',
  groupBy: 'department',
  components: [
    { key: 'residents', name: '群众满意', weight: 0.6, metrics: [{ metric: 'satisfactionRate', weight: 1 }] },
    {
      key: 'routine',
      name: '日常工作',
      weight: 0.3,
      metrics: [
        { metric: 'onTimeRate', weight: 0.4 },
        { metric: 'closureRate', weight: 0.3 },
        { metric: 'reworkRate', weight: 0.2 },
        { metric: 'returnRate', weight: 0.1 },
      ],
    },
    { key: 'special', name: '专项工作', weight: 0.1, manual: true },
  ],
};
