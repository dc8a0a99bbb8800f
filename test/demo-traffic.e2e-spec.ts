import { Logger } from '@nestjs/common';
import { waitFor } from './support/fast-ladder';
import { createTestApp, type TestApp } from './support/test-app';

/** DEMO_TRAFFIC: the simulated city works the service through its own HTTP API while it runs. */
describe('demo traffic (DEMO_TRAFFIC=true)', () => {
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
  });

  it('reports, claims and resolves through the API at the configured pace, and stops with the app', async () => {
    const lines: string[] = [];
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(function (this: Logger, message: unknown) {
      lines.push(String(message));
    });
    try {
      t = await createTestApp({ DEMO_TRAFFIC: 'true', DEMO_TRAFFIC_RATE: '1200' });
      const created = await waitFor(
        async () => {
          const [{ n }] = await t!.sql<{ n: number }>(`SELECT count(*)::int AS n FROM grid_case`);
          return n >= 5 && n;
        },
        30_000,
        'five cases reported',
      );
      expect(created).toBeGreaterThanOrEqual(5);
      const moved = await waitFor(
        async () => {
          const rows = await t!.sql<{ type: string; actor: string }>(
            `SELECT type, actor FROM case_event WHERE type IN ('claimed', 'resolved', 'task.claimed', 'task.completed', 'escalated') LIMIT 1`,
          );
          return rows[0];
        },
        30_000,
        'a case claimed or resolved',
      );
      expect(moved.actor).toMatch(/^(insp|hood|area|street|liaison)-/); // a demo user, through the API
      // Reports came in both ways: an inspector's patrol (with a token) and residents' QR reports (none).
      const sources = await t.sql<{ source: string }>(`SELECT DISTINCT source FROM grid_case`);
      expect(sources.map((s) => s.source)).toContain('patrol');

      const closing = Date.now();
      await t.close();
      t = undefined;
      expect(Date.now() - closing).toBeLessThan(10_000);
      expect(lines.some((l) => /^demo traffic stopped: \d+ actions/.test(l))).toBe(true);
    } finally {
      log.mockRestore();
    }
  }, 90_000);

  it('is off unless asked for', async () => {
    t = await createTestApp();
    await new Promise((r) => setTimeout(r, 1500));
    expect(await t.sql(`SELECT 1 FROM grid_case LIMIT 1`)).toEqual([]);
  });
});
