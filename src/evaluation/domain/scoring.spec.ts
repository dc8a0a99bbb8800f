import { schemeErrors } from './scheme';
import { scoreCards, type UnitFigures } from './scoring';
import { XH_631 } from './xh-631';

const rates = (r: Partial<UnitFigures['rates']>): UnitFigures['rates'] => ({
  closureRate: null,
  onTimeRate: null,
  reworkRate: null,
  returnRate: null,
  satisfactionRate: null,
  ...r,
});
const full = rates({ satisfactionRate: 0.9, onTimeRate: 0.8, closureRate: 0.95, reworkRate: 0.1, returnRate: 0.05 });

describe('scoreCards (xh-631)', () => {
  it('weighs every component when all have data', () => {
    const [card] = scoreCards(XH_631, [{ code: 'A', name: 'A', rates: full, manual: { special: 70 } }]);
    // residents 90; routine 0.4×80 + 0.3×95 + 0.2×(100−10) + 0.1×(100−5) = 88; special 70.
    expect(card).toEqual({
      code: 'A',
      name: 'A',
      total: 87.4, // 0.6×90 + 0.3×88 + 0.1×70
      rank: 1,
      components: [
        { key: 'residents', name: '群众满意', weight: 0.6, effectiveWeight: 0.6, score: 90 },
        { key: 'routine', name: '日常工作', weight: 0.3, effectiveWeight: 0.3, score: 88 },
        { key: 'special', name: '专项工作', weight: 0.1, effectiveWeight: 0.1, score: 70 },
      ],
      missing: [],
    });
  });

  it('leaves out what has no data and scales the other weights up, inside a component and across them', () => {
    const [card] = scoreCards(XH_631, [
      { code: 'B', name: 'B', rates: rates({ satisfactionRate: 0.8, closureRate: 0.5, reworkRate: 0, returnRate: 0.2 }), manual: {} },
    ]);
    // routine without onTimeRate: (0.3×50 + 0.2×100 + 0.1×80) / 0.6 = 71.666…; total (0.6×80 + 0.3×71.666…) / 0.9 = 77.222…
    expect(card.components.map((c) => [c.key, c.score, c.effectiveWeight])).toEqual([
      ['residents', 80, 0.6667],
      ['routine', 71.67, 0.3333],
      ['special', null, 0],
    ]);
    expect(card.total).toBe(77.22);
    expect(card.missing).toEqual(['special']);
  });

  it('ranks best first, ties share a rank, units without any data come last unranked', () => {
    const cards = scoreCards(XH_631, [
      { code: 'C', name: 'C', rates: rates({}), manual: {} },
      { code: 'B', name: 'B', rates: rates({ satisfactionRate: 0.8, closureRate: 0.5, reworkRate: 0, returnRate: 0.2 }), manual: {} },
      { code: 'D', name: 'D', rates: full, manual: { special: 70 } },
      { code: 'A', name: 'A', rates: full, manual: { special: 70 } },
    ]);
    expect(cards.map((c) => [c.code, c.total, c.rank])).toEqual([
      ['A', 87.4, 1],
      ['D', 87.4, 1],
      ['B', 77.22, 3],
      ['C', null, null],
    ]);
    expect(cards[3].missing).toEqual(['residents', 'routine', 'special']);
  });

  it('scores a manual-only card from its manual scores alone', () => {
    const [card] = scoreCards(XH_631, [{ code: 'E', name: 'E', rates: rates({}), manual: { special: 55.5 } }]);
    expect(card.total).toBe(55.5);
    expect(card.components[2].effectiveWeight).toBe(1);
  });
});

describe('schemeErrors', () => {
  it('accepts the 631 scheme, weights typed a little off included', () => {
    expect(schemeErrors(XH_631)).toEqual([]);
    expect(schemeErrors({ ...XH_631, components: XH_631.components.map((c, i) => (i === 0 ? { ...c, weight: 0.6009 } : c)) })).toEqual([]);
  });

  it('names each fault', () => {
    const errors = schemeErrors({
      ...XH_631,
      components: [
        {
          key: 'a',
          name: 'A',
          weight: 0.5,
          metrics: [
            { metric: 'onTimeRate', weight: 0.5 },
            { metric: 'onTimeRate', weight: 0.4 },
          ],
        },
        { key: 'a', name: 'B', weight: 0.2, manual: true, metrics: [{ metric: 'closureRate', weight: 1 }] },
        { key: 'c', name: 'C', weight: 0.2 },
      ],
    });
    expect(errors.map((e) => e.field)).toEqual([
      'components',
      'components[0].metrics',
      'components[0].metrics[1].metric',
      'components[1].key',
      'components[1]',
      'components[2]',
    ]);
  });
});
