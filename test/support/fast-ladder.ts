import demoCity from '../../src/database/seed/demo-city.json';
import { as } from './api';
import type { TestApp } from './test-app';

/** Category 0110 (小广告: CG leads, SR assists, enters at the grid) on a natural clock, `step` per rung. */
export async function fastLadder(t: TestApp, step = 'PT2S', extra: Record<string, unknown> = {}) {
  const base = structuredClone(demoCity.categories.find((c) => c.code === '0110')!);
  const body = {
    ...base,
    sla: { ...base.sla, calendar: 'natural', warnRatio: 0.5, ladder: { grid: step, neighbourhood: step, area: step, street: step }, ...extra },
  };
  const res = await as(t, 'admin').put('/api/categories/0110', body);
  if (res.status !== 200) throw new Error(`fastLadder: ${res.status} ${JSON.stringify(res.body)}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` returns a value, or fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
