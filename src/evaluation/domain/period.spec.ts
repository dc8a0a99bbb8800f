import { DomainError } from '../../common/domain-error';
import { parsePeriod, periodOf } from './period';

describe('parsePeriod', () => {
  it('reads a month at Shanghai midnight', () => {
    expect(parsePeriod('2026-11')).toEqual({
      code: '2026-11',
      kind: 'month',
      from: new Date('2026-10-31T16:00:00.000Z'),
      to: new Date('2026-11-30T16:00:00.000Z'),
    });
  });

  it('rolls December into the next year', () => {
    expect(parsePeriod('2026-12').to).toEqual(new Date('2026-12-31T16:00:00.000Z'));
  });

  it('reads quarters and years', () => {
    expect(parsePeriod('2026-Q2')).toMatchObject({
      kind: 'quarter',
      from: new Date('2026-03-31T16:00:00.000Z'),
      to: new Date('2026-06-30T16:00:00.000Z'),
    });
    expect(parsePeriod('2026-Q4').to).toEqual(new Date('2026-12-31T16:00:00.000Z'));
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', from: new Date('2025-12-31T16:00:00.000Z'), to: new Date('2026-12-31T16:00:00.000Z') });
  });

  it.each(['2026-13', '2026-00', '2026-Q5', '2026-Q0', '26-11', '2026-1', '2026-11-01', '2026 ', 'Q4', '', '1999', '2101'])(
    'refuses %p naming the field',
    (code) => {
      try {
        parsePeriod(code);
        throw new Error('accepted');
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        expect((e as DomainError).kind).toBe('invalid');
        expect((e as DomainError).details[0].field).toBe('period');
      }
    },
  );

  it('refuses what is not a string', () => {
    expect(() => parsePeriod(undefined)).toThrow(DomainError);
    expect(() => parsePeriod(['2026-11'])).toThrow(DomainError);
  });
});

describe('periodOf', () => {
  it('takes the Shanghai date, not the UTC one', () => {
    // 2026-11-30T16:30Z is already 1 December in Shanghai.
    expect(periodOf(new Date('2026-11-30T16:30:00Z'), 'month').code).toBe('2026-12');
    expect(periodOf(new Date('2026-11-30T15:59:59Z'), 'month').code).toBe('2026-11');
    expect(periodOf(new Date('2026-08-15T00:00:00Z'), 'quarter').code).toBe('2026-Q3');
    expect(periodOf(new Date('2026-12-31T16:00:00Z'), 'year').code).toBe('2027');
  });
});
