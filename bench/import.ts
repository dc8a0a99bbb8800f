// 12345 imports: 1,000 work orders in one POST /api/imports/hotline, as JSON and as CSV, and the same
// batch again (all duplicates), against the baseline of the same 1,000 reports sent one by one to
// POST /api/cases by 16 clients at once — the load an integrator would make without the import route.
// Usage: node -r ./bench/register.cjs bench/import.ts [rows=1000] [rounds=3]
import demoCity from '../src/database/seed/demo-city.json';
import { benchDatabase, percentile, serveInChild } from './support';

export interface ImportBench {
  rows: number;
  rounds: number;
  /** Median seconds for one import of `rows` work orders. */
  json: number;
  csv: number;
  again: number;
  /** Median seconds for the same reports one POST /api/cases each, 16 at a time. */
  oneByOne: number;
}

const grids = demoCity.regions.filter((r) => r.level === 'grid' && r.code.startsWith('XH-CQ'));
const categories = demoCity.categories.filter((c) => c.entryRung !== 'department').map((c) => c.code);
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

function workOrder(externalRef: string) {
  const ring = pick(grids).boundary.coordinates[0];
  const [lngs, lats] = [ring.map((p) => p[0]), ring.map((p) => p[1])];
  return {
    externalRef,
    requestType: 'complaint',
    categoryCode: pick(categories),
    description: '12345 来电：小区门口共享单车乱停放，影响通行',
    lat: Math.min(...lats) + Math.random() * (Math.max(...lats) - Math.min(...lats)),
    lng: Math.min(...lngs) + Math.random() * (Math.max(...lngs) - Math.min(...lngs)),
    reporterPhone: '13900000000',
    receivedAt: '2026-11-30 09:15:00',
  };
}

const csvOf = (rows: ReturnType<typeof workOrder>[]) => {
  const header = Object.keys(rows[0]);
  return '\uFEFF' + [header.join(','), ...rows.map((r) => header.map((h) => String(r[h as keyof typeof r])).join(','))].join('\r\n') + '\r\n';
};

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

export async function runImport(rows = 1000, rounds = 3, log: (s: string) => void = console.log): Promise<ImportBench> {
  const db = await benchDatabase();
  const service = await serveInChild(db.url);
  try {
    const login = await fetch(`${service.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'street-cq', password: 'demo-password' }),
    });
    const auth = `Bearer ${((await login.json()) as { accessToken: string }).accessToken}`;
    const post = async (path: string, body: string, type: string) => {
      const t0 = performance.now();
      const res = await fetch(`${service.base}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': type }, body });
      const text = await res.text();
      if (!res.ok) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
      return { seconds: (performance.now() - t0) / 1000, body: text };
    };
    const expectCreated = (body: string, created: number) => {
      const r = JSON.parse(body) as { created: number; duplicates: number };
      if (r.created !== created) throw new Error(`import created ${r.created}, expected ${created}: ${body.slice(0, 300)}`);
    };
    const [json, csv, again, oneByOne]: number[][] = [[], [], [], []];
    for (let round = 0; round < rounds; round++) {
      const batch = [...Array(rows)].map((_, i) => workOrder(`BJ-${round}-${i}`));
      const asJson = await post('/api/imports/hotline', JSON.stringify(batch), 'application/json');
      expectCreated(asJson.body, rows);
      json.push(asJson.seconds);
      const repeat = await post('/api/imports/hotline', JSON.stringify(batch), 'application/json');
      expectCreated(repeat.body, 0);
      again.push(repeat.seconds);
      const asCsv = await post('/api/imports/hotline', csvOf([...Array(rows)].map((_, i) => workOrder(`BC-${round}-${i}`))), 'text/csv');
      expectCreated(asCsv.body, rows);
      csv.push(asCsv.seconds);
      // The baseline: the same reports one request each, 16 clients at once.
      const singles = [...Array(rows)].map((_, i) => {
        const { lat, lng, reporterPhone, receivedAt, ...rest } = workOrder(`BS-${round}-${i}`);
        return JSON.stringify({
          ...rest,
          source: 'hotline',
          location: { lat, lng },
          reporter: { phone: reporterPhone },
          receivedAt: `${receivedAt.replace(' ', 'T')}+08:00`,
        });
      });
      const t0 = performance.now();
      let next = 0;
      await Promise.all(
        [...Array(16)].map(async () => {
          for (let i = next++; i < singles.length; i = next++) await post('/api/cases', singles[i], 'application/json');
        }),
      );
      oneByOne.push((performance.now() - t0) / 1000);
      log(
        `  round ${round + 1}: JSON ${json[round].toFixed(2)} s, again ${again[round].toFixed(2)} s, CSV ${csv[round].toFixed(2)} s; one by one ${oneByOne[round].toFixed(2)} s`,
      );
    }
    return { rows, rounds, json: median(json), csv: median(csv), again: median(again), oneByOne: median(oneByOne) };
  } finally {
    await service.stop();
    await db.stop();
  }
}

if (require.main === module) {
  runImport(Number(process.argv[2]) || 1000, Number(process.argv[3]) || 3)
    .then((r) => {
      console.log(r);
      process.exit(0);
    })
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
