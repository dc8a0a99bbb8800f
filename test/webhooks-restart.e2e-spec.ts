import { freePort } from '../src/database/embedded-postgres';
import { sleep, waitFor } from './support/fast-ladder';
import { buildService, call, login, startService, type ServiceProcess } from './support/service-process';
import { createTestDatabase } from './support/test-app';
import { startReceiver } from './support/webhook-receiver';

/**
 * At least once across restarts: the receiver is down while the event is recorded and tried, the
 * service is killed (SIGKILL: nothing in memory survives), and once both are back the event arrives —
 * from the outbox row PostgreSQL kept, not from anything the first process held.
 */
const SECRET = 'restart-receiver-secret-0123';
const ENV = {
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_RETRY_BASE_MS: '200',
  WEBHOOK_RETRY_MAX_MS: '1000',
  WEBHOOK_POLL_MS: '200',
  WEBHOOK_TIMEOUT_MS: '1000',
};
// A kill mid-attempt leaves its row leased for 2 × timeout + 5 s = 7 s: well inside the wait below.

let db: { url: string; drop(): Promise<void> };
let service: ServiceProcess | undefined;
beforeAll(async () => {
  await buildService();
  db = await createTestDatabase();
});
afterAll(async () => {
  await service?.kill('SIGKILL');
  await db?.drop();
});

it('delivers an event recorded while the receiver was down, after the service was killed and started again', async () => {
  const port = await freePort(); // nothing listens here yet: the receiver is down
  service = await startService(db.url, ENV);
  const admin = await login(service.base, 'admin');
  const hook = await call(service.base, 'POST', '/api/admin/webhooks', {
    token: admin,
    body: { url: `http://127.0.0.1:${port}/hook`, events: ['case.created'], secret: SECRET },
  });
  expect(hook.status).toBe(201);
  const street = await login(service.base, 'street-cq');
  const created = await call(service.base, 'POST', '/api/cases', {
    token: street,
    body: { categoryCode: '0101', description: 'reported while the receiver is down', gridCode: 'XH-CQ-A1-N01-G1' },
  });
  expect(created.status).toBe(201);
  const refused = await waitFor(
    async () => {
      const page = await call(service!.base, 'GET', `/api/admin/webhooks/${hook.body.id}/deliveries`, { token: admin });
      return page.body.items.length >= 2 && page.body.items;
    },
    10_000,
    'failed attempts',
  );
  expect(refused.every((a: { statusCode: number | null; outcome: string }) => a.statusCode === null && a.outcome === 'retrying')).toBe(true);

  await service.kill('SIGKILL');
  const receiver = await startReceiver(SECRET, port);
  try {
    await sleep(500);
    expect(receiver.received).toHaveLength(0); // nobody sends while the service is down
    service = await startService(db.url, ENV);
    const got = await waitFor(
      async () => receiver.received.find((r) => r.body.data.case.id === created.body.id),
      15_000,
      'the delivery after the restart',
    );
    expect(got.signatureValid).toBe(true);
    expect(got.body.event).toBe('case.created');
    const token = await login(service.base, 'admin');
    const attempts = await waitFor(
      async () => {
        const page = await call(service!.base, 'GET', `/api/admin/webhooks/${hook.body.id}/deliveries?eventId=${got.body.id}`, { token });
        return page.body.items[0]?.outcome === 'delivered' && page.body.items;
      },
      5000,
      'the delivered attempt recorded',
    );
    expect(attempts[0].statusCode).toBe(200);
    expect(attempts.length).toBeGreaterThan(2);
    await sleep(600);
    expect(receiver.received.filter((r) => r.body.id === got.body.id)).toHaveLength(1);
  } finally {
    await receiver.close();
  }
});
