import ExcelJS from 'exceljs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { localWallClock, type Cell, type Table } from './table';

/** A sheet holds 1,048,576 rows, the header among them; beyond, Excel calls the file corrupt. */
export const XLSX_MAX_ROWS = 1_048_575;

/**
 * The table as an XLSX workbook written to `out` row by row (exceljs's streaming writer commits each
 * row, so memory stays flat however long the table), waiting whenever `out` asks for a pause.
 */
export async function writeXlsx<R>(table: Table<R>, out: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = book.addWorksheet(table.sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    width: c.width ?? Math.max(8, c.header.length * 2 + 2),
    // Excel has no time zones: the cell holds the district's wall-clock time.
    ...(c.time ? { style: { numFmt: 'yyyy-mm-dd hh:mm:ss' } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let rows = 0;
  for await (const row of table.rows) {
    if (out.destroyed) return; // the client went away: stop reading rows
    if (++rows > XLSX_MAX_ROWS) throw new Error(`more than ${XLSX_MAX_ROWS} rows do not fit one sheet: export CSV`);
    sheet.addRow(table.columns.map((c) => (c.time ? localWallClock(c.value(row)) : xlsxCell(c.value(row))))).commit();
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await book.commit();
}

const xlsxCell = (v: Cell) => (v === undefined ? null : typeof v === 'number' && !Number.isFinite(v) ? null : v);
