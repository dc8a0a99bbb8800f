import { freshSpotInG1 } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

async function post(user: string, body: string | Buffer | object[], type = 'application/json') {
  const req = t
    .http()
    .post('/api/imports/hotline')
    .set('Authorization', `Bearer ${await t.token(user)}`)
    .set('Content-Type', type);
  return req.send(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
}

const row = (externalRef: string, extra: Record<string, unknown> = {}) => {
  const p = freshSpotInG1();
  return {
    externalRef,
    requestType: 'complaint',
    categoryCode: '0101',
    description: '楼道堆物',
    lat: p.lat,
    lng: p.lng,
    reporterPhone: '13900000003',
    ...extra,
  };
};
const casesOf = (prefix: string) => t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM grid_case WHERE external_ref LIKE $1 || '%'`, [prefix]);

describe('POST /api/imports/hotline', () => {
  it('takes a JSON array: each row its own result, a bad row never blocks the others; the same batch again creates nothing', async () => {
    const batch = [
      row('J-1'),
      row('J-2', { categoryCode: '9999' }),
      row('J-3', { lat: 'north' }),
      row('J-4', { lat: 0, lng: 0 }),
      row('J-5'),
      row('J-1'),
    ];
    const res = await post('street-cq', batch);
    expect(res.status).toBe(200);
    expect(res.body.created).toBe(2);
    expect(res.body.duplicates).toBe(1); // J-1 twice in one batch
    expect(res.body.rejected.map((r: { row: number; externalRef: string }) => [r.row, r.externalRef])).toEqual([
      [2, 'J-2'],
      [3, 'J-3'],
      [4, 'J-4'],
    ]);
    expect(res.body.rejected[0].errors[0].field).toBe('categoryCode');
    expect(res.body.rejected[1].errors[0].field).toBe('lat');
    expect(await casesOf('J-')).toEqual([{ n: 2 }]);
    const again = await post('street-cq', batch);
    expect(again.body).toMatchObject({ created: 0, duplicates: 3 });
    expect(await casesOf('J-')).toEqual([{ n: 2 }]);
    const [c] = await t.sql<{ source: string; request_type: string }>(`SELECT source, request_type FROM grid_case WHERE external_ref = 'J-5'`);
    expect(c).toEqual({ source: 'hotline', request_type: 'complaint' });
  });

  it('takes CSV with a BOM, quoted commas and CRLF', async () => {
    const p = freshSpotInG1();
    const csv = `\uFEFFexternalRef,requestType,categoryCode,description,lat,lng,reporterName\r\nC-1,help,0101,"楼道,堆物 ""急""",${p.lat},${p.lng},李先生\r\nC-2,help,0101,,${p.lat},${p.lng},\r\n`;
    const res = await post('street-cq', csv, 'text/csv');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, duplicates: 0 });
    expect(res.body.rejected).toEqual([{ row: 2, externalRef: 'C-2', errors: [expect.objectContaining({ field: 'description' })] }]);
    const [c] = await t.sql<{ description: string; reporter_name: string }>(
      `SELECT description, reporter_name FROM grid_case WHERE external_ref = 'C-1'`,
    );
    expect(c).toEqual({ description: '楼道,堆物 "急"', reporter_name: '李先生' });
  });

  it('reads a GB18030 file, detected or declared', async () => {
    const p = freshSpotInG1();
    // "externalRef,categoryCode,description,lat,lng\r\nG-1,0101,楼道堆物,…" with 楼道堆物 in GB18030 (C2A5 B5C0 B6D1 CEEF).
    const gb = (ref: string) =>
      Buffer.concat([
        Buffer.from(`externalRef,categoryCode,description,lat,lng\r\n${ref},0101,`),
        Buffer.from([0xc2, 0xa5, 0xb5, 0xc0, 0xb6, 0xd1, 0xce, 0xef]),
        Buffer.from(`,${p.lat},${p.lng}\r\n`),
      ]);
    expect((await post('street-cq', gb('G-1'), 'text/csv')).body).toMatchObject({ created: 1 });
    expect((await post('street-cq', gb('G-2'), 'text/csv; charset=GB18030')).body).toMatchObject({ created: 1 });
    expect(await t.sql(`SELECT description FROM grid_case WHERE external_ref LIKE 'G-%' ORDER BY external_ref`)).toEqual([
      { description: '楼道堆物' },
      { description: '楼道堆物' },
    ]);
  });

  it('keeps when the platform took the call: local time without offset is the district’s (UTC+8); a time ahead of ours is the row’s error', async () => {
    const p = freshSpotInG1();
    const csv = `externalRef,categoryCode,description,lat,lng,receivedAt\r\nR-1,0101,x,${p.lat},${p.lng},2026-11-30 09:15:00\r\nR-2,0101,x,${p.lat},${p.lng},2026-11-30T01:15:00Z\r\nR-3,0101,x,${p.lat},${p.lng},2099-01-01T00:00:00Z\r\nR-4,0101,x,${p.lat},${p.lng},yesterday\r\n`;
    const res = await post('street-cq', csv, 'text/csv');
    expect(res.body.created).toBe(2);
    expect(res.body.rejected.map((r: { externalRef: string; errors: { field: string }[] }) => [r.externalRef, r.errors[0].field])).toEqual([
      ['R-3', 'receivedAt'],
      ['R-4', 'receivedAt'],
    ]);
    const rows = await t.sql<{ at: string }>(
      `SELECT to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS at FROM grid_case WHERE external_ref IN ('R-1', 'R-2')`,
    );
    expect(rows).toEqual([{ at: '2026-11-30T01:15' }, { at: '2026-11-30T01:15' }]);
    const [one] = await t.sql<{ id: string }>(`SELECT id FROM grid_case WHERE external_ref = 'R-1'`);
    const view = await t
      .http()
      .get(`/api/cases/${one.id}`)
      .set('Authorization', `Bearer ${await t.token('street-cq')}`);
    expect(view.body.receivedAt).toBe('2026-11-30T01:15:00.000Z');
  });

  it('1,000 work orders in one import (measured), and more is 400', async () => {
    const batch = [...Array(1000)].map((_, i) => row(`K-${i}`));
    const t0 = performance.now();
    const res = await post('street-cq', batch);
    const seconds = (performance.now() - t0) / 1000;
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1000, duplicates: 0, rejected: [] });
    console.log(`hotline import: 1000 work orders in ${seconds.toFixed(1)} s`);
    expect((await post('street-cq', [...batch, row('K-1000')])).status).toBe(400);
  }, 120_000);

  it('refuses other roles (403), a body that is no list (400), a broken CSV (400)', async () => {
    expect((await post('liaison-sr', [row('X-1')])).status).toBe(403);
    expect((await post('hood-cq-a1-n01', [row('X-1')])).status).toBe(403);
    expect((await post('street-cq', { externalRef: 'X-1' } as never)).status).toBe(400);
    expect((await post('street-cq', [])).status).toBe(400);
    expect((await post('street-cq', 'externalRef,description\r\n"unclosed,x\r\n', 'text/csv')).status).toBe(400);
  });
});
