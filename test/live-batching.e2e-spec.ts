import { EventEmitter2 } from '@nestjs/event-emitter';
import { Client, Pool } from 'pg';
import { ALL_EVENTS, type DomainEvent } from '../src/events/domain-events';
import { BATCH_NOTIFY_SQL, batchingNotifies, NOTIFY_SQL } from '../src/live/notify-batcher';
import { SlaSweeper } from '../src/sla/sla-sweeper.service';
import { G1, report } from './support/api';
import { fastLadder, sleep, waitFor } from './support/fast-ladder';
import { liveClient } from './support/live-client';
import { createTestApp, TestApp } from './support/test-app';

/** Sweeps only when the test says so (one at start, then an hour apart). */
const MANUAL_SWEEPS = { SLA_SWEEP_MS: '3600000' };

let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await createTestApp(MANUAL_SWEEPS);
  b = await createTestApp(MANUAL_SWEEPS, a);
  await fastLadder(a, 'PT2S');
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** A LISTENing connection that records the payloads of one channel. */
async function listen(url: string, channel: string) {
  const client = new Client({ connectionString: url });
  await client.connect();
  const received: string[] = [];
  client.on('notification', (m) => m.channel === channel && received.push(m.payload ?? ''));
  await client.query(`LISTEN "${channel}"`);
  return { received, end: () => client.end() };
}

describe('NOTIFYs batched into one statement, in PostgreSQL', () => {
  it('arrive all, in order, a repeat included, in a handful of statements', async () => {
    const pool = new Pool({ connectionString: a.databaseUrl, max: 2 });
    const statements = jest.spyOn(pool, 'query');
    const listener = await listen(a.databaseUrl, 'batch-proof');
    try {
      // One statement folds identical notifications (this is why a batch never holds two) …
      await pool.query(`SELECT pg_notify('batch-proof', 'same') FROM generate_series(1, 2)`);
      await waitFor(async () => listener.received.length > 0, 3000, 'the folded pair');
      await sleep(200);
      expect(listener.received).toEqual(['same']);
      listener.received.length = 0;
      statements.mockClear();

      // … so 'p10' twice in one tick must still arrive twice.
      const sent = Array.from({ length: 600 }, (_, i) => `p${i}`);
      sent.splice(11, 0, 'p10');
      const wrapped = batchingNotifies(pool);
      await Promise.all(sent.map((p) => wrapped.query(NOTIFY_SQL, ['batch-proof', p])));
      await waitFor(async () => listener.received.length >= sent.length, 5000, 'every notification');
      await sleep(200);
      expect(listener.received).toEqual(sent);
      // [p0 … p10] (the repeat starts the next), [p10 … 499 more], [the last 90].
      expect(statements.mock.calls.map((c) => [c[0], (c[1] as string[][])[1].length])).toEqual([
        [BATCH_NOTIFY_SQL, 11],
        [BATCH_NOTIFY_SQL, 500],
        [BATCH_NOTIFY_SQL, 90],
      ]);
    } finally {
      await listener.end();
      await pool.end();
    }
  });
});

describe('two instances, a sweep of many cases on one', () => {
  it('brings every event to the other’s sockets, in order, in a few NOTIFY statements', async () => {
    const CASES = 300; // 600 events: more than one statement's 500
    const created: { id: string; createdAt: string }[] = [];
    for (let i = 0; i < CASES; i += 20) {
      // gridCode without a location: no duplicate check, so that every report is a case of its own.
      const chunk = Array.from({ length: 20 }, () => report(a, { categoryCode: '0110', location: undefined, gridCode: G1 }));
      created.push(...(await Promise.all(chunk)));
    }
    // Every case's grid breach (2 s) is due before the one sweep below.
    await sleep(Math.max(0, Math.max(...created.map((c) => Date.parse(c.createdAt))) + 2300 - Date.now()));

    const wall = await liveClient(b, 'wall-cq');
    const emitted: string[] = [];
    const bus = a.app.get(EventEmitter2);
    const record = (e: DomainEvent<{ caseId?: string; case?: { id: string } }>) =>
      emitted.push(`${e.name} ${e.payload.caseId ?? e.payload.case?.id}`);
    for (const name of ALL_EVENTS) bus.on(name, record);
    const queries = jest.spyOn(Pool.prototype, 'query');
    try {
      const handled = await a.app.get(SlaSweeper).sweep();
      expect(handled).toBe(CASES); // the warnings, due too, are folded into the breaches
      const ofCases = () => wall.received.filter((r) => r.event !== 'stats.overview').map((r) => `${r.event} ${r.body.caseId ?? r.body.case?.id}`);
      await waitFor(async () => ofCases().length >= emitted.length, 10_000, 'the sweep’s events on the other instance');
      await sleep(300);
      const notifyCalls = queries.mock.calls.filter((c) => c[0] === BATCH_NOTIFY_SQL || c[0] === NOTIFY_SQL);

      expect(emitted.length).toBe(2 * CASES);
      // Everything A raised, nothing twice, in A's order, across statements too.
      expect(ofCases()).toEqual(emitted);
      const ids = new Set(created.map((c) => c.id));
      for (const id of ids) expect(emitted.filter((e) => e.endsWith(id)).map((e) => e.split(' ')[0])).toEqual(['case.updated', 'sla.breached']);
      // The adapter's per-event statement never reached the pool; a few batched ones carried them all.
      expect(notifyCalls.filter((c) => c[0] === NOTIFY_SQL)).toEqual([]);
      const carried = notifyCalls.reduce((n, c) => n + (c[1] as string[][])[0].length, 0);
      expect(carried).toBeGreaterThanOrEqual(emitted.length);
      expect(notifyCalls.length).toBeLessThanOrEqual(Math.ceil(emitted.length / 500) + 4); // + heartbeats, stats pushes
      process.stdout.write(`sweep: ${emitted.length} events → ${notifyCalls.length} NOTIFY statements carrying ${carried}\n`);
    } finally {
      queries.mockRestore();
      for (const name of ALL_EVENTS) bus.off(name, record);
      wall.close();
    }
  });
});
