import { parse } from 'csv-parse/sync';

/**
 * A work-order file as the 12345 platform exports it: UTF-8 (with or without BOM) or GB18030, the
 * encoding Chinese Windows spreadsheets save in. A declared charset wins; else bytes that are not
 * valid UTF-8 are read as GB18030 (a superset of GBK and GB2312).
 */
export function decodeCsv(bytes: Buffer, charset?: string): string {
  const declared = charset?.trim().toLowerCase();
  if (declared && declared !== 'utf-8' && declared !== 'utf8')
    return new TextDecoder(declared === 'gbk' || declared === 'gb2312' ? 'gb18030' : declared).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Rows by header name (quotes, commas and CRLF inside quotes, BOM), every value a string. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: (h: string[]) => h.map((x) => x.trim()), bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
}
