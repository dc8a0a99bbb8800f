import { as, INSPECTOR_G1, report } from './support/api';
import { createTestApp, TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const statuses = (results: { status: number }[]) => results.map((r) => r.status).sort();

describe('racing presses', () => {
  it('20 concurrent claims of one task from two liaisons: one wins, 19 × 409, one claim on the timeline', async () => {
    const c = await report(t, { categoryCode: '0104' });
    const task = c.tasks[0];
    const tokens = [await t.token('liaison-sr'), await t.token('liaison-sr-2')];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post(`/api/tasks/${task.id}/claim`)
          .set('Authorization', `Bearer ${tokens[i % 2]}`),
      ),
    );
    expect(statuses(results)).toEqual([200, ...Array(19).fill(409)]);
    const [{ n }] = await t.sql<{ n: string }>(`SELECT count(*) AS n FROM case_event WHERE case_id = $1 AND type = 'task.claimed'`, [c.id]);
    expect(Number(n)).toBe(1);
    const winner = results.find((r) => r.status === 200)!;
    const [row] = await t.sql<{ claimed_by: string }>(`SELECT claimed_by FROM task WHERE id = $1`, [task.id]);
    expect(row.claimed_by).toBe(winner.body.claimedBy);
  });

  it('20 concurrent verifications of one case: one wins, 19 × 409, one verification on the timeline', async () => {
    const c = await report(t, { categoryCode: '0603' });
    await as(t, INSPECTOR_G1).post(`/api/cases/${c.id}/resolve`, { note: '已劝阻' });
    const tokens = [await t.token(INSPECTOR_G1), await t.token('street-cq')];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post(`/api/cases/${c.id}/verify`)
          .set('Authorization', `Bearer ${tokens[i % 2]}`)
          .send({ passed: i % 3 !== 0, note: `check ${i}` }),
      ),
    );
    expect(statuses(results)).toEqual([200, ...Array(19).fill(409)]);
    const rows = await t.sql<{ type: string }>(`SELECT type FROM case_event WHERE case_id = $1 AND type IN ('verified','reworked')`, [c.id]);
    expect(rows).toHaveLength(1);
  });

  it('20 concurrent case claims: exactly one', async () => {
    const c = await report(t, { categoryCode: '0101' });
    const token = await t.token('hood-cq-a1-n01');
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.http().post(`/api/cases/${c.id}/claim`).set('Authorization', `Bearer ${token}`)),
    );
    expect(statuses(results)).toEqual([200, ...Array(19).fill(409)]);
  });

  it('the same Idempotency-Key fired 10 times at once makes one case', async () => {
    const token = await t.token(INSPECTOR_G1);
    const body = { categoryCode: '0110', description: '并发重试', gridCode: 'XH-CQ-A1-N01-G2' };
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.http().post('/api/cases').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'burst-1').send(body),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 200)).toHaveLength(9);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
  });
});
