/**
 * A table to hand to a spreadsheet (导出): columns with the headers a street office reads, and rows
 * that may arrive page by page. Framework-free, so the writers are unit-tested on their own.
 */
export type Cell = string | number | boolean | Date | null | undefined;

export interface Column<R> {
  header: string;
  value: (row: R) => Cell;
  /** Characters wide in a spreadsheet (XLSX); the header's width by default. */
  width?: number;
}

export interface Table<R> {
  /** Without extension; may be Chinese (sent RFC 5987-encoded). */
  filename: string;
  sheet: string;
  columns: Column<R>[];
  rows: AsyncIterable<R> | Iterable<R>;
}

export const FILE_FORMATS = ['csv', 'xlsx'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];
/** What `?format=` accepts: JSON (the default) or a file. */
export const FORMATS = ['json', ...FILE_FORMATS] as const;
export type Format = (typeof FORMATS)[number];

export const isFileFormat = (f: Format | undefined): f is FileFormat => f === 'csv' || f === 'xlsx';
