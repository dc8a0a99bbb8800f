import { localTime, type Cell, type Table } from './table';

/** Excel on a Chinese Windows desktop reads a CSV as GBK unless it starts with the UTF-8 byte order mark. */
export const BOM = '\uFEFF';

/**
 * One cell, RFC 4180: quoted when it holds a quote, comma or line break (quotes doubled). A text that
 * a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe (OWASP, CSV
 * injection): a resident's description is not a formula.
 */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: Cell[]) => cells.map(csvCell).join(',') + '\r\n';

/** The file in chunks of about `chunkRows` lines: BOM and header first, CRLF line ends. */
export async function* csvChunks<R>(table: Table<R>, chunkRows = 500): AsyncGenerator<string> {
  let chunk = BOM + csvLine(table.columns.map((c) => c.header));
  let lines = 0;
  for await (const row of table.rows) {
    chunk += csvLine(table.columns.map((c) => (c.time ? localTime(c.value(row)) : c.value(row))));
    if (++lines === chunkRows) {
      yield chunk;
      [chunk, lines] = ['', 0];
    }
  }
  if (chunk) yield chunk;
}
