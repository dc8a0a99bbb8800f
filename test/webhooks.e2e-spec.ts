import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { as, report } from './support/api';
import { waitFor, sleep } from './support/fast-ladder';
import { createTestApp, type TestApp } from './support/test-app';
import { startReceiver } from './support/webhook-receiver';

/**
 * Webhooks (API.md › Channels): signed POSTs of the chosen events, recorded with the change and sent
 * by the background dispatcher, retried until a 2xx. The receivers run on 127.0.0.1, which the test
 * config allows explicitly (WEBHOOK_ALLOW_PRIVATE); the last test shows the default refuses it.
 */
const SECRET = 'receiver-secret-0123456789';
const FAST = { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_POLL_MS: '200' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(FAST);
});
afterAll(() => t?.close());

const register = (url: string, events: string[], secret = SECRET) => as(t, 'admin').post('/api/admin/webhooks', { url, events, secret });
const remove = async (id: string) =>
  t
    .http()
    .delete(`/api/admin/webhooks/${id}`)
    .set('Authorization', `Bearer ${await t.token('admin')}`);
const attemptsOf = async (webhookId: string, eventId: string) =>
  (await as(t, 'admin').get(`/api/admin/webhooks/${webhookId}/deliveries?eventId=${eventId}`)).body.items as {
    attempt: number;
    statusCode: number | null;
    outcome: string;
    error: string | null;
  }[];

describe('registration', () => {
  it('is for admins only', async () => {
    for (const user of ['street-cq', 'insp-cq-a1-n01-g1', 'wall-cq']) {
      expect((await as(t, user).post('/api/admin/webhooks', { url: 'http://127.0.0.1:9/x', events: ['case.created'], secret: SECRET })).status).toBe(
        403,
      );
      expect((await as(t, user).get('/api/admin/webhooks')).status).toBe(403);
    }
    expect((await t.http().get('/api/admin/webhooks')).status).toBe(401);
  });

  it.each(['ftp://127.0.0.1/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'http://user:pw@127.0.0.1/x'])(
    'refuses %s naming url',
    async (url) => {
      const res = await register(url, ['case.created']);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('url');
    },
  );

  it('refuses unknown events and short secrets, naming the field', async () => {
    const bad = await register('http://127.0.0.1:9/x', ['case.exploded']);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].field).toBe('events');
    const short = await register('http://127.0.0.1:9/x', ['case.created'], 'short');
    expect(short.status).toBe(400);
    expect(short.body.details[0].field).toBe('secret');
  });

  it('never shows the secret, and lists and deletes', async () => {
    const created = await register('http://127.0.0.1:9/listed', ['sla.warning']);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: 'http://127.0.0.1:9/listed', events: ['sla.warning'] });
    expect(JSON.stringify(created.body)).not.toContain(SECRET);
    const list = await as(t, 'admin').get('/api/admin/webhooks');
    expect(list.body.items.map((w: { id: string }) => w.id)).toContain(created.body.id);
    expect(JSON.stringify(list.body)).not.toContain(SECRET);
    expect((await remove(created.body.id)).status).toBe(204);
    expect((await remove(created.body.id)).status).toBe(404);
    expect((await as(t, 'admin').get(`/api/admin/webhooks/${created.body.id}/deliveries`)).status).toBe(404);
  });
});

describe('delivery', () => {
  it('POSTs { id, event, at, data } signed over the raw body, with no personal data', async () => {
    const receiver = await startReceiver(SECRET);
    try {
      const hook = (await register(receiver.url, ['case.created'])).body;
      const created = await report(t, { description: '楼道堆物 webhook', reporter: { name: '张三', phone: '13912345678' } }, 'street-cq');
      const got = await waitFor(async () => receiver.received.find((r) => r.body.data.case.id === created.id), 10_000, 'the delivery');
      expect(got.signatureValid).toBe(true);
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.body).toMatchObject({
        event: 'case.created',
        data: { case: { id: created.id, code: created.code, description: '楼道堆物 webhook' } },
      });
      expect(got.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(got.body.at))).toBe(false);
      const raw = got.raw.toString('utf8');
      expect(raw).not.toContain('13912345678');
      expect(raw).not.toContain('张三');
      expect(created.trackingCode).toBeTruthy(); // the street sees it …
      expect(raw).not.toContain(created.trackingCode); // … a webhook never does
      expect(got.body.data.case).not.toHaveProperty('reporter');
      const [attempt] = await waitFor(
        async () => (await attemptsOf(hook.id, got.body.id)).length > 0 && attemptsOf(hook.id, got.body.id),
        5000,
        'the record',
      );
      expect(attempt).toMatchObject({ attempt: 1, statusCode: 200, outcome: 'delivered', error: null });
      await remove(hook.id);
    } finally {
      await receiver.close();
    }
  });

  it('retries a 500 until a 2xx, and the deliveries list shows both', async () => {
    const receiver = await startReceiver(SECRET);
    receiver.answerWith((n) => (n === 1 ? 500 : 204));
    try {
      const hook = (await register(receiver.url, ['case.created'])).body;
      await report(t);
      await waitFor(async () => receiver.received.length >= 2, 10_000, 'the retry');
      const [first, second] = receiver.received;
      expect(second.body.id).toBe(first.body.id); // the same event, the same bytes
      expect(second.raw.equals(first.raw)).toBe(true);
      expect(second.headers['x-attempt']).toBe('2');
      const attempts = await waitFor(
        async () => {
          const items = await attemptsOf(hook.id, first.body.id);
          return items.length === 2 && items;
        },
        5000,
        'both attempts recorded',
      );
      expect(attempts.map((a) => [a.attempt, a.statusCode, a.outcome])).toEqual([
        [2, 204, 'delivered'],
        [1, 500, 'retrying'],
      ]);
      await sleep(500);
      expect(receiver.received).toHaveLength(2); // delivered: never sent again
      await remove(hook.id);
    } finally {
      await receiver.close();
    }
  });

  it('sends only the subscribed events, and nothing after deletion', async () => {
    const receiver = await startReceiver(SECRET);
    try {
      const hook = (await register(receiver.url, ['case.updated'])).body;
      const c = await report(t, {}, 'street-cq');
      expect((await as(t, 'street-cq').post(`/api/cases/${c.id}/cancel`, { reason: 'webhook test' })).status).toBe(200);
      const got = await waitFor(async () => receiver.received.find((r) => r.body.data.case?.id === c.id), 10_000, 'case.updated');
      expect(got.body).toMatchObject({ event: 'case.updated', data: { change: 'cancelled' } });
      expect(receiver.received.some((r) => r.body.event === 'case.created')).toBe(false);
      await remove(hook.id);
      const before = receiver.received.length;
      await report(t, {}, 'street-cq');
      await sleep(800);
      expect(receiver.received).toHaveLength(before);
    } finally {
      await receiver.close();
    }
  });

  it('a receiver that never answers holds only its own lane: intake goes on, with at most 8 attempts hanging on it', async () => {
    const hung = new Set<ServerResponse>();
    const stuck = createServer((req, res) => {
      req.resume();
      hung.add(res); // never answered
    });
    await new Promise<void>((r) => stuck.listen(0, '127.0.0.1', r));
    const hook = (await register(`http://127.0.0.1:${(stuck.address() as AddressInfo).port}/hook`, ['case.created'])).body;
    try {
      await report(t, {}, 'street-cq');
      await waitFor(async () => hung.size > 0 || undefined, 10_000, 'the first attempt reaching the receiver');
      // Were intake to wait for its deliveries, each of these would take the 5 s attempt timeout: 100 s, past the test's limit.
      for (let i = 0; i < 20; i++) await report(t, {}, 'street-cq');
      expect(hung.size).toBeGreaterThan(0);
      expect(hung.size).toBeLessThanOrEqual(8);
    } finally {
      await remove(hook.id);
      stuck.closeAllConnections();
      await new Promise<void>((r) => stuck.close(() => r()));
    }
  });

  it('with two instances, delivers each of 50 events exactly once to an always-2xx receiver', async () => {
    const receiver = await startReceiver(SECRET);
    const second = await createTestApp(FAST, t);
    try {
      const hook = (await register(receiver.url, ['case.created'])).body;
      await sleep(600); // the second instance's list reloads (each poll)
      const ids = new Set<string>();
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const c = await report(i % 2 ? t : second, {}, 'street-cq');
          ids.add(c.id);
        }),
      );
      await waitFor(async () => new Set(receiver.received.map((r) => r.body.data.case.id)).size >= 50, 20_000, '50 deliveries');
      await sleep(1000); // a duplicate would come now
      const byEvent = new Map<string, number>();
      for (const r of receiver.received) byEvent.set(r.body.id, (byEvent.get(r.body.id) ?? 0) + 1);
      expect(byEvent.size).toBe(50);
      expect([...byEvent.values()].every((n) => n === 1)).toBe(true);
      expect(new Set(receiver.received.map((r) => r.body.data.case.id))).toEqual(ids);
      expect(receiver.received.every((r) => r.signatureValid)).toBe(true);
      const [{ n }] = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM webhook_delivery WHERE webhook_id = $1`, [hook.id]);
      expect(n).toBe(50);
      await remove(hook.id);
    } finally {
      await second.close();
      await receiver.close();
    }
  });
});

describe('without the allow-list', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp({ WEBHOOK_RETRY_BASE_MS: '100', WEBHOOK_POLL_MS: '200' });
  });
  afterAll(() => strict?.close());

  it('refuses a literal private address at registration, and a name resolving to one at delivery', async () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.0.0.8/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x']) {
      const res = await as(strict, 'admin').post('/api/admin/webhooks', { url, events: ['case.created'], secret: SECRET });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('url');
    }
    const receiver = await startReceiver(SECRET);
    try {
      const res = await as(strict, 'admin').post('/api/admin/webhooks', {
        url: `http://localhost:${receiver.port}/hook`,
        events: ['case.created'],
        secret: SECRET,
      });
      expect(res.status).toBe(201);
      await report(strict);
      const items = await waitFor(
        async () => {
          const page = await as(strict, 'admin').get(`/api/admin/webhooks/${res.body.id}/deliveries`);
          return page.body.items.length > 0 && page.body.items;
        },
        10_000,
        'a refused attempt',
      );
      expect(items[0]).toMatchObject({ statusCode: null, outcome: 'retrying' });
      expect(items[0].error).toMatch(/refused: localhost → .*loopback/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});
