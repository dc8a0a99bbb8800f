// Exports at scale: the case list of 100 000 cases (generated as in queries.ts) downloaded as CSV and
// XLSX through HTTP, with the service's live heap sampled (after a full GC) every 250 ms (run with --expose-gc). The export walks the list a page at a
// time, so a file ten times longer should need no more memory: the peak heap above the idle heap is
// compared between a tenth of the rows and all of them.
// Usage: node --expose-gc -r ./bench/register.cjs bench/export.ts [cases=100000]
import type { INestApplication } from '@nestjs/common';
import http from 'node:http';
import { loadHistory } from './queries-load';
import { benchApp, benchDatabase } from './support';

export interface ExportRun {
  format: 'csv' | 'xlsx';
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerSecond: number;
  /** Peak heapUsed above the heap before the download began (after a GC). */
  peakHeapMb: number;
  peakRssMb: number;
}

export interface ExportResult {
  cases: number;
  runs: ExportRun[];
}

const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;

async function login(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo-password' }),
  });
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** Downloads `path`, counting bytes (and CRLF lines for CSV) without keeping the body. */
function download(base: string, path: string, token: string): Promise<{ bytes: number; lines: number; body?: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) reject(new Error(`${path}: ${res.statusCode}`));
        let [bytes, lines] = [0, 0];
        const keep: Buffer[] = [];
        res.on('data', (c: Buffer) => {
          bytes += c.length;
          for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines += 1;
          if (path.includes('xlsx')) keep.push(c);
        });
        res.on('end', () => resolve({ bytes, lines, body: keep.length ? Buffer.concat(keep) : undefined }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function measure(
  base: string,
  token: string,
  format: 'csv' | 'xlsx',
  query: string,
  rowsOf: (d: { lines: number; body?: Buffer }) => Promise<number>,
) {
  global.gc?.();
  const idle = process.memoryUsage();
  let [peakHeap, peakRss] = [idle.heapUsed, idle.rss];
  // A full GC before each sample: the heap that is live, not the garbage V8 has not collected yet.
  const timer = setInterval(() => {
    global.gc?.();
    const m = process.memoryUsage();
    [peakHeap, peakRss] = [Math.max(peakHeap, m.heapUsed), Math.max(peakRss, m.rss)];
  }, 250);
  const t0 = performance.now();
  const d = await download(base, `/api/cases?format=${format}${query}`, token);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  const rows = await rowsOf(d);
  return {
    format,
    rows,
    bytes: d.bytes,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    peakHeapMb: mb(peakHeap - idle.heapUsed),
    peakRssMb: mb(peakRss),
  };
}

export async function runExport(cases = 100_000, log: (s: string) => void = console.log): Promise<ExportResult> {
  const db = await benchDatabase();
  let app: INestApplication | undefined;
  try {
    app = await benchApp(db.url);
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    await loadHistory(db.url, cases, new Date(), () => undefined);
    const token = await login(base, 'admin');
    // A tenth of the cases: the generator spreads them evenly over 365 days, so the first grid's share.
    const few = `&regionCode=XH-CQ-A1`;
    const csvRows = async (d: { lines: number }) => d.lines - 1;
    const xlsxRows = async (d: { body?: Buffer }) => {
      const ExcelJS = (await import('exceljs')).default;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(d.body as never);
      return book.worksheets[0].rowCount - 1;
    };
    const runs: ExportRun[] = [];
    for (const [format, rowsOf] of [
      ['csv', csvRows],
      ['xlsx', xlsxRows],
    ] as const) {
      for (const q of [few, '']) {
        const r = await measure(base, token, format, q, rowsOf);
        log(
          `  ${format} ${q ? 'area XH-CQ-A1' : 'all'}: ${r.rows} rows, ${mb(r.bytes)} MB in ${r.seconds} s (${r.rowsPerSecond} rows/s), peak heap +${r.peakHeapMb} MB, rss ${r.peakRssMb} MB`,
        );
        runs.push(r);
      }
    }
    return { cases, runs };
  } finally {
    await app?.close();
    await db.stop();
  }
}

if (require.main === module) {
  runExport(Number(process.argv[2]) || 100_000)
    .then(() => process.exit(0))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
