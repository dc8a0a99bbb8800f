import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoCast } from './demo-cast';
import { DemoTraffic } from './demo-traffic';

/** A stand-in for the service: logins work, the case list is empty, every write answers `writes()`. */
function fakeService(writes: () => number) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => {
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/api/auth/login') return res.end(JSON.stringify({ accessToken: 'token' }));
      if (req.method === 'GET') return res.end(JSON.stringify({ items: [], nextCursor: null }));
      res.statusCode = writes();
      res.end(JSON.stringify({ statusCode: res.statusCode }));
    });
  });
  return { server, seen };
}

const listen = (server: Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const logger = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => lines.push(l), warn: (l: string) => lines.push(`WARN ${l}`) };
};

describe('demo traffic: the runner', () => {
  const cast = demoCast();

  it('carries on past refusals (409): counted, not fatal', async () => {
    const { server, seen } = fakeService(() => 409);
    const log = logger();
    const traffic = new DemoTraffic({ baseUrl: await listen(server), perMinute: 6000, log, cast, summaryEveryMs: 100 });
    traffic.start();
    await sleep(600);
    await traffic.stop();
    server.close();
    expect(seen.filter((s) => s.startsWith('POST /api/cases') || s.startsWith('POST /api/public')).length).toBeGreaterThan(3);
    expect(log.lines.some((l) => / [1-9]\d* refused/.test(l))).toBe(true);
    expect(log.lines.filter((l) => l.startsWith('WARN'))).toEqual([]);
  });

  it('backs off while the service is away or answers 503, says so once, and carries on when it is back', async () => {
    let unavailable = true;
    const { server, seen } = fakeService(() => (unavailable ? 503 : 201));
    const log = logger();
    const traffic = new DemoTraffic({ baseUrl: await listen(server), perMinute: 6000, log, cast });
    traffic.start();
    await sleep(1500);
    const during = seen.filter((s) => s.startsWith('POST /api/cases') || s.startsWith('POST /api/public')).length;
    expect(during).toBeLessThan(4); // 10 a second without the back-off: 1 s, then 2 s
    expect(log.lines.filter((l) => l.startsWith('WARN'))).toEqual([expect.stringMatching(/answered 503; backing off/)]);
    unavailable = false;
    await sleep(2500);
    await traffic.stop();
    server.close();
    expect(log.lines).toContain('demo traffic: the service answers again, carrying on');
    expect(log.lines.at(-1)).toMatch(/^demo traffic stopped: [1-9]\d* actions/);
  });

  it('survives a service that is not there at all, and stops at once', async () => {
    const log = logger();
    const traffic = new DemoTraffic({ baseUrl: 'http://127.0.0.1:9', perMinute: 6000, log, cast });
    traffic.start();
    await sleep(300);
    const stopping = Date.now();
    await traffic.stop();
    expect(Date.now() - stopping).toBeLessThan(200);
    expect(log.lines.filter((l) => l.startsWith('WARN'))).toEqual([expect.stringMatching(/ECONNREFUSED.*backing off/)]);
  });
});
