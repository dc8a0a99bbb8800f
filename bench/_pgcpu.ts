import autocannon from 'autocannon';
import { readdirSync, readFileSync } from 'node:fs';
import { benchDatabase, serveInChild } from './support';
import demoCity from '../src/database/seed/demo-city.json';
const grids = demoCity.regions.filter((r) => r.level === 'grid' && r.code.startsWith('XH-CQ'));
const categories = demoCity.categories.filter((c) => c.entryRung !== 'department').map((c) => c.code);
const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
function randomReport() {
  const ring = pick(grids).boundary.coordinates[0];
  const lngs = ring.map((p) => p[0]); const lats = ring.map((p) => p[1]);
  return { categoryCode: pick(categories), description: '巡查发现：道路旁堆放建筑垃圾，影响通行', location: { lat: Math.min(...lats) + Math.random() * (Math.max(...lats) - Math.min(...lats)), lng: Math.min(...lngs) + Math.random() * (Math.max(...lngs) - Math.min(...lngs)) }, source: 'patrol' };
}
function snap() {
  const m = new Map<string, { cmd: string; cpu: number }>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try { const st = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = st.split(') ')[1].split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 70);
      m.set(pid, { cmd, cpu: (Number(f[11]) + Number(f[12])) / 100 }); } catch {}
  }
  return m;
}
async function main() {
  const db = await benchDatabase();
  const dir = (await db.sql.query(`SHOW unix_socket_directories`)).rows[0].unix_socket_directories;
  const u = new URL(db.url); u.searchParams.set('host', dir);
  const server = await serveInChild(process.env.UNIX ? u.toString() : db.url);
  const login = await fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'street-cq', password: 'demo-password' }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const opts: any = { url: `${server.base}${process.env.PATHX ?? '/api/cases'}`, method: process.env.METHOD ?? 'POST', connections: 20, duration: 3, headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` }, requests: [{ setupRequest: (req: any) => (process.env.METHOD === 'GET' ? req : { ...req, body: JSON.stringify(randomReport()) }) }] };
  await new Promise((r) => autocannon(opts, r));
  const a = snap(); const t0 = Date.now();
  const res: any = await new Promise((r) => autocannon({ ...opts, duration: 8 }, (e: any, x: any) => r(x)));
  const b = snap(); const wall = (Date.now() - t0) / 1000;
  const rows: [string, number][] = [];
  for (const [pid, v] of b) rows.push([`${pid} ${v.cmd}`, v.cpu - (a.get(pid)?.cpu ?? 0)]);
  rows.sort((x, y) => y[1] - x[1]);
  console.log('rps', res.requests.average, 'total', res.requests.total, 'wall', wall);
  for (const [k, v] of rows.slice(0, 14)) console.log(v.toFixed(2), 's', ((v * 1000) / res.requests.total).toFixed(3), 'ms/case', k);
  const self = process.cpuUsage(); console.log('bench process cpu total s', ((self.user + self.system) / 1e6).toFixed(2));
  await server.stop(); await db.stop();
}
main();
