import { reporterName } from './reporter-name';

describe('reporterName', () => {
  it('puts a Chinese family name first, and keeps "first last" otherwise', () => {
    expect(reporterName('三', '张')).toBe('张三');
    expect(reporterName('john', 'smith')).toBe('john smith');
    expect(reporterName(' 三 ', undefined)).toBe('三');
    expect(reporterName(undefined, 'smith')).toBe('smith');
    expect(reporterName('', '  ')).toBeUndefined();
  });
});
