import { csvCell, csvChunks } from './csv';
import type { Table } from './table';

describe('CSV', () => {
  it('quotes what needs quoting, RFC 4180', () => {
    expect(csvCell('路面油污')).toBe('路面油污');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('说"脏"')).toBe('"说""脏"""');
    expect(csvCell('一行\r\n两行')).toBe('"一行\r\n两行"');
    expect(csvCell(0.6667)).toBe('0.6667');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(new Date('2026-11-22T03:00:00Z'))).toBe('2026-11-22T03:00:00.000Z');
  });

  it('defuses what a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+86 138')).toBe("'+86 138");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell(-1)).toBe('-1'); // a number is a number
  });

  it('writes the BOM, the header and CRLF lines, in chunks', async () => {
    const table: Table<{ code: string; n: number }> = {
      filename: 'x',
      sheet: 'x',
      columns: [
        { header: '编号', value: (r) => r.code },
        { header: '数量', value: (r) => r.n },
      ],
      rows: [
        { code: 'A', n: 1 },
        { code: 'B,C', n: 2 },
        { code: 'D', n: 3 },
      ],
    };
    const chunks: string[] = [];
    for await (const c of csvChunks(table, 2)) chunks.push(c);
    expect(chunks).toEqual(['\uFEFF编号,数量\r\nA,1\r\n"B,C",2\r\n', 'D,3\r\n']);
    expect(Buffer.from(chunks.join('')).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('writes times in the district’s local time (UTC+8), as a street office reads them', async () => {
    const table: Table<{ at: string | null }> = {
      filename: 'x',
      sheet: 'x',
      columns: [{ header: '上报时间', value: (r) => r.at, time: true }],
      rows: [{ at: '2026-11-30T16:30:00.000Z' }, { at: null }],
    };
    let text = '';
    for await (const c of csvChunks(table)) text += c;
    expect(text).toBe('\uFEFF上报时间\r\n2026-12-01 00:30:00\r\n\r\n');
  });
});
