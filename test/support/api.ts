import demoCity from '../../src/database/seed/demo-city.json';
import type { TestApp } from './test-app';

/** Grid centres of the demo city, by grid code. */
export const GRIDS = Object.fromEntries(demoCity.regions.filter((r) => r.level === 'grid').map((r) => [r.code, r.center]));
export const G1 = 'XH-CQ-A1-N01-G1';
export const INSPECTOR_G1 = 'insp-cq-a1-n01-g1';

/** Requests as a demo user: `as('street-cq').post('/api/cases').send(…)`. */
export function as(t: TestApp, username: string) {
  // A supertest request is thenable: awaiting it sends it, so the token is fetched first.
  const bearer = async () => `Bearer ${await t.token(username)}`;
  return {
    get: async (path: string) =>
      t
        .http()
        .get(path)
        .set('Authorization', await bearer()),
    post: async (path: string, body?: object) =>
      t
        .http()
        .post(path)
        .set('Authorization', await bearer())
        .send(body ?? {}),
    put: async (path: string, body?: object) =>
      t
        .http()
        .put(path)
        .set('Authorization', await bearer())
        .send(body ?? {}),
    delete: async (path: string) =>
      t
        .http()
        .delete(path)
        .set('Authorization', await bearer()),
    patch: async (path: string, body?: object) =>
      t
        .http()
        .patch(path)
        .set('Authorization', await bearer())
        .send(body ?? {}),
  };
}

/** A point `metres` north of a grid centre. */
export function near(gridCode: string, metres = 0) {
  const c = GRIDS[gridCode];
  return { lat: c.lat + metres / 111_195, lng: c.lng };
}

let seq = 0;
/** A fresh spot inside grid G1, ~67 m from every other one handed out, so reports never merge by accident. */
export function freshSpotInG1() {
  seq += 1;
  return { lat: 31.1405 + (seq % 11) * 0.0006, lng: 121.4205 + (Math.floor(seq / 11) % 11) * 0.0007 };
}

/** Reports a case as `username` (default: the G1 inspector) and returns the created case. */
export async function report(t: TestApp, body: Record<string, unknown> = {}, username = INSPECTOR_G1) {
  const res = await as(t, username).post('/api/cases', {
    categoryCode: '0101',
    description: `test report ${seq + 1}`,
    location: freshSpotInG1(),
    ...body,
  });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
