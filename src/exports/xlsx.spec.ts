import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { Table } from './table';
import { writeXlsx } from './xlsx';

async function* rows() {
  yield { code: 'XH-1', rate: 0.5, at: new Date('2026-11-22T03:00:00Z'), note: null };
  yield { code: '=1+1', rate: null, at: null, note: '说明' };
}

describe('XLSX', () => {
  it('is read back by the same library: header, numbers as numbers, dates as dates, text as text', async () => {
    const table: Table<{ code: string; rate: number | null; at: Date | null; note: string | null }> = {
      filename: 'x',
      sheet: '案件',
      columns: [
        { header: '编号', value: (r) => r.code },
        { header: '比率', value: (r) => r.rate },
        { header: '时间', value: (r) => r.at, time: true },
        { header: '备注', value: (r) => r.note },
      ],
      rows: rows(),
    };
    const out = new PassThrough();
    const bytes: Buffer[] = [];
    out.on('data', (b: Buffer) => bytes.push(b));
    await writeXlsx(table, out);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.concat(bytes) as never);
    const sheet = book.getWorksheet('案件')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '编号', '比率', '时间', '备注']);
    // Excel has no time zones: the cell holds Shanghai's wall clock (03:00Z is 11:00 there).
    expect(sheet.getRow(2).values).toEqual([undefined, 'XH-1', 0.5, new Date('2026-11-22T11:00:00Z')]);
    expect(sheet.getRow(2).getCell(3).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(3).values).toEqual([undefined, '=1+1', undefined, undefined, '说明']); // a string cell, not a formula
    expect(sheet.getRow(3).getCell(1).type).toBe(ExcelJS.ValueType.String);
    expect(sheet.rowCount).toBe(3);
  });
});
