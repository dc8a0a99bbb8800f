import { StreamableFile } from '@nestjs/common';
import { PassThrough, Readable } from 'node:stream';
import { csvChunks } from './csv';
import type { FileFormat, Table } from './table';
import { writeXlsx } from './xlsx';

const TYPES: Record<FileFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * A table as a file download (`?format=csv|xlsx`), streamed with backpressure; Nest destroys the stream
 * when the client goes away, which stops the row source. The first rows are read before the answer
 * starts, so a failure there (the database away) is an ordinary error status, not a cut-off 200. A
 * failure later cuts the connection: a truncated download never looks complete.
 *
 * Usage in a controller: `@Get() list(@Query() q) { return isFileFormat(q.format) ? exportFile(q.format, table) : json }`.
 */
export async function exportFile<R>(format: FileFormat, table: Table<R>): Promise<StreamableFile> {
  const rows = await primed(table.rows);
  const primedTable = { ...table, rows };
  const stream = format === 'csv' ? Readable.from(csvChunks(primedTable)) : xlsxStream(primedTable);
  return new StreamableFile(stream, { type: TYPES[format], disposition: disposition(`${table.filename}.${format}`) });
}

function xlsxStream<R>(table: Table<R>): PassThrough {
  const out = new PassThrough();
  writeXlsx(table, out).catch((e: Error) => out.destroy(e));
  return out;
}

/** RFC 6266 with RFC 5987's UTF-8 name for the Chinese filename, and an ASCII fallback. */
export function disposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** The rows with the first one already read (errors of the first page surface here). */
async function primed<R>(rows: AsyncIterable<R> | Iterable<R>): Promise<AsyncIterable<R>> {
  const it = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  const first = await it.next();
  return {
    async *[Symbol.asyncIterator]() {
      try {
        if (first.done) return;
        yield first.value;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      } finally {
        await it.return?.();
      }
    },
  };
}
