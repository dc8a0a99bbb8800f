import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Cell, Table } from './table';

/**
 * The table as an XLSX workbook written to `out` row by row (exceljs's streaming writer commits each
 * row, so memory stays flat however long the table), waiting whenever `out` asks for a pause.
 */
export async function writeXlsx<R>(table: Table<R>, out: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(8, c.header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for await (const row of table.rows) {
    if (out.destroyed) return; // the client went away: stop reading rows
    sheet.addRow(table.columns.map((c) => xlsxCell(c.value(row)))).commit();
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await book.commit();
}

const xlsxCell = (v: Cell) => (v === undefined ? null : typeof v === 'number' && !Number.isFinite(v) ? null : v);
