import ExcelJS from 'exceljs';
import { periodOf } from '../src/evaluation/domain/period';
import { as, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
const CASES = 120;
beforeAll(async () => {
  t = await createTestApp();
  for (let i = 0; i < CASES; i++) await report(t, { categoryCode: '0101', description: i % 7 === 0 ? `=HYPERLINK("x"),第${i}件` : `第${i}件` });
  const r = await t
    .http()
    .post('/api/public/reports')
    .send({
      categoryCode: '0101',
      description: '居民反映',
      location: { lat: 31.1405, lng: 121.43 },
      contact: { name: '王阿姨', phone: '13800138000' },
    });
  expect(r.status).toBe(201);
}, 120_000);
afterAll(() => t?.close());

const month = periodOf(new Date(), 'month').code;

/** A download as bytes (supertest buffers binary bodies with this parser). */
async function download(user: string, path: string) {
  const res = await t
    .http()
    .get(path)
    .set('Authorization', `Bearer ${await t.token(user)}`)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { status: res.status, headers: res.headers, bytes: res.body as Buffer };
}

/** RFC 4180 lines of a small CSV (quoted cells may hold commas and CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') [cell, i] = [cell + '"', i + 1];
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') [row, cell] = [[...row, cell], ''];
    else if (ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, cell]);
      [row, cell, i] = [[], '', i + 1];
    } else cell += ch;
  }
  return rows;
}

async function csvOf(user: string, path: string) {
  const d = await download(user, path);
  expect(d.status).toBe(200);
  expect(d.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(d.headers['content-disposition']).toMatch(/^attachment; filename="[^"]+\.csv"; filename\*=UTF-8''.+\.csv$/);
  expect([...d.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parseCsv(d.bytes.toString('utf8').slice(1));
  return { header, rows };
}

async function xlsxOf(user: string, path: string) {
  const d = await download(user, path);
  expect(d.status).toBe(200);
  expect(d.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(d.bytes as never);
  const sheet = book.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return { header: rows[0], rows: rows.slice(1) };
}

/** Every case of a JSON list, page by page. */
async function allCases(user: string, query = '') {
  const out: { code: string }[] = [];
  for (let cursor: string | null = ''; cursor !== null;) {
    const page: { items: { code: string }[]; nextCursor: string | null } = (
      await as(t, user).get(`/api/cases?limit=50${query}${cursor ? `&cursor=${cursor}` : ''}`)
    ).body;
    out.push(...page.items);
    cursor = page.nextCursor;
  }
  return out;
}

describe('the case list as a file', () => {
  it('CSV: BOM, Chinese headers, every case of the list (not one page), newest first, formulas defused', async () => {
    const { header, rows } = await csvOf('street-cq', '/api/cases?format=csv&limit=10');
    expect(header.slice(0, 4)).toEqual(['案件编号', '状态', '紧急程度', '问题类别']);
    const json = await allCases('street-cq');
    expect(json.length).toBe(CASES + 1);
    expect(rows.map((r) => r[0])).toEqual(json.map((c) => c.code));
    expect(rows[1].slice(1, 4)).toEqual(['待受理', '一般', '暴露垃圾']);
    const formula = rows.find((r) => r[4].includes('HYPERLINK'))!;
    expect(formula[4]).toMatch(/^'=HYPERLINK\("x"\),第\d+件$/);
  });

  it('shows the reporter to the street, never to the wall; an inspector gets its grid’s cases only', async () => {
    const street = await csvOf('street-cq', '/api/cases?format=csv&q=居民反映');
    expect(street.rows.map((r) => r[street.header.indexOf('联系电话')])).toEqual(['13800138000']);
    const wall = await csvOf('wall-cq', '/api/cases?format=csv&q=居民反映');
    expect(wall.rows).toHaveLength(1);
    expect(wall.rows[0][wall.header.indexOf('联系电话')]).toBe('');
    expect(wall.rows[0][wall.header.indexOf('上报人')]).toBe('');
    const other = await csvOf('insp-cq-a1-n01-g2', '/api/cases?format=csv');
    expect(other.rows.map((r) => r[0])).toEqual((await allCases('insp-cq-a1-n01-g2')).map((c) => c.code));
    expect(other.rows.length).toBeLessThan(CASES);
  });

  it('XLSX: readable back by the same library, the same rows, with the same filters', async () => {
    const { header, rows } = await xlsxOf('street-cq', '/api/cases?format=xlsx&status=pending');
    expect(header[0]).toBe('案件编号');
    expect(rows.map((r) => r[0])).toEqual((await allCases('street-cq', '&status=pending')).map((c) => c.code));
  });
});

describe('rankings, indicators and scorecards as files', () => {
  it('the ranking’s CSV rows equal its JSON', async () => {
    const json = (await as(t, 'street-cq').get('/api/stats/ranking?groupBy=department')).body.items;
    const { header, rows } = await csvOf('street-cq', '/api/stats/ranking?groupBy=department&format=csv');
    expect(header).toEqual(['单位代码', '单位名称', '受理数', '结案数', '按期结案率', '结案率', '返工率', '退单率', '满意率', '平均处置时长(分钟)']);
    const cell = (v: string | number | null) => (v === null ? '' : String(v));
    expect(rows).toEqual(
      json.map((i: Record<string, string | number | null>) =>
        [i.code, i.name, i.received, i.closed, i.onTimeRate, i.closureRate, i.reworkRate, i.returnRate, i.satisfactionRate, i.avgHandleMinutes].map(
          cell,
        ),
      ),
    );
  });

  it('the indicators in CSV and XLSX equal the JSON', async () => {
    const json = (await as(t, 'street-cq').get(`/api/evaluation/indicators?groupBy=grid&period=${month}`)).body.items;
    const csv = await csvOf('street-cq', `/api/evaluation/indicators?groupBy=grid&period=${month}&format=csv`);
    expect(csv.header.slice(0, 3)).toEqual(['单位代码', '单位名称', '受理数']);
    expect(csv.rows.map((r) => [r[0], Number(r[2])])).toEqual(json.map((i: { code: string; received: number }) => [i.code, i.received]));
    expect(json.find((i: { code: string }) => i.code === 'XH-CQ-A1-N01-G1').received).toBe(CASES); // the inspector's; the resident's is elsewhere
    const xlsx = await xlsxOf('street-cq', `/api/evaluation/indicators?groupBy=grid&period=${month}&format=xlsx`);
    expect(xlsx.rows.map((r) => [r[0], r[2]])).toEqual(json.map((i: { code: string; received: number }) => [i.code, i.received]));
  });

  it('the scorecards in CSV carry each component of the scheme', async () => {
    const json = (await as(t, 'street-cq').get(`/api/evaluation/scorecards?scheme=xh-631&period=${month}`)).body.items;
    const { header, rows } = await csvOf('street-cq', `/api/evaluation/scorecards?scheme=xh-631&period=${month}&format=csv`);
    expect(header).toEqual(['名次', '单位代码', '单位名称', '总分', '群众满意(60%)', '日常工作(30%)', '专项工作(10%)', '缺项']);
    expect(rows.map((r) => r[1])).toEqual(json.map((c: { code: string }) => c.code));
    expect(rows[0][7]).toBe('群众满意、日常工作、专项工作'); // no department has any figure yet
  });

  it.each([
    '/api/cases',
    '/api/stats/ranking?groupBy=department',
    `/api/evaluation/indicators?groupBy=grid&period=${month}`,
    `/api/evaluation/scorecards?scheme=xh-631&period=${month}`,
  ])('%s refuses another format (400 naming format)', async (path) => {
    const res = await as(t, 'street-cq').get(`${path}${path.includes('?') ? '&' : '?'}format=pdf`);
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('format');
  });

  it('keeps its scope and status codes: a liaison’s ranking of streets is 403 as a file too', async () => {
    expect((await download('liaison-sr', '/api/stats/ranking?groupBy=street&format=csv')).status).toBe(403);
    expect((await download('street-cq', `/api/evaluation/scorecards?scheme=nope&period=${month}&format=xlsx`)).status).toBe(404);
  });
});
