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
  /** An instant (a Date or an ISO string): written in the district's local time, as people read it. */
  time?: true;
}

/** The district's clock (Asia/Shanghai, UTC+8 all year): what a street office reads a time in. */
const LOCAL_OFFSET_MS = 8 * 3_600_000;

/** An instant as the wall clock in the district shows it, as a Date whose UTC fields are local ones. */
export function localWallClock(v: Cell): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const at = v instanceof Date ? v : new Date(String(v));
  return Number.isNaN(at.getTime()) ? null : new Date(at.getTime() + LOCAL_OFFSET_MS);
}

/** `2026-12-02 05:58:16`: an instant in the district's local time. */
export function localTime(v: Cell): string | null {
  return localWallClock(v)?.toISOString().slice(0, 19).replace('T', ' ') ?? null;
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
