import { Client } from 'pg';
import { sleep } from './support/fast-ladder';
import { auditIntake, buildService, intakeLoad, LOADERS, login, startService, type ServiceProcess } from './support/service-process';
import { createTestDatabase } from './support/test-app';

/**
 * kill -9 of the real service in the middle of intake: every case it acknowledged is in the
 * database, none is half-written, and the requests it never answered, retried with their
 * Idempotency-Key on the next start, each make one case.
 */
let db: { url: string; drop(): Promise<void> };
let service: ServiceProcess | undefined;
let sql: Client | undefined;

beforeAll(async () => {
  await buildService();
  db = await createTestDatabase();
});
afterAll(async () => {
  await service?.kill('SIGKILL');
  await sql?.end().catch(() => undefined);
  await db?.drop();
});

it('loses no acknowledged case and leaves no half-written one when killed under intake load', async () => {
  service = await startService(db.url);
  const tokens = await Promise.all(LOADERS.map((l) => login(service!.base, l.username)));
  let base = service.base;
  const load = intakeLoad(() => base, tokens);

  await sleep(2000);
  const killedAt = Date.now();
  await service.kill('SIGKILL');
  await sleep(300); // the loaders meet a dead port and keep retrying their keys

  service = await startService(db.url);
  base = service.base;
  const restartedAt = Date.now();
  await sleep(1500);
  const figures = await load.stop();
  expect(service.exit).toBeUndefined();

  // Only 2xx, 0 (no answer: the process was dead) and nothing else.
  const cutByKill = figures.answers.filter((x) => x.status === 0 && x.at < killedAt).length;
  const statuses = figures.answers.reduce<Record<number, number>>((m, x) => ((m[x.status] = (m[x.status] ?? 0) + 1), m), {});
  expect(Object.keys(statuses).filter((s) => !['0', '200', '201'].includes(s))).toEqual([]);
  expect(statuses[0]).toBeGreaterThan(0);

  sql = new Client({ connectionString: db.url });
  await sql.connect();
  const audit = await auditIntake(sql, figures.acknowledged);
  expect(audit).toMatchObject({
    lost: 0,
    withoutCreatedEvent: 0,
    openWithoutDeadline: 0,
    departmentCaseWithoutTask: 0,
    taskWithoutEvent: 0,
    taskWithoutDeadline: 0,
    keyUsedTwice: 0,
  });
  // Every case in the database is one a client was told about (after its retry, at the latest).
  expect(audit.cases).toBe(figures.acknowledged.size);
  const retriedAndAcked = [...figures.retried].filter((k) => figures.acknowledged.has(k));
  expect(retriedAndAcked.length).toBeGreaterThan(0);

  console.log(
    `kill-under-load: answers ${figures.answers.length} ${JSON.stringify(statuses)} · requests cut by the kill ${cutByKill} (committed before it, answered 200 on retry: ${statuses[200] ?? 0})` +
      ` · acknowledged ${figures.acknowledged.size}, in the database ${audit.cases}, lost ${audit.lost}` +
      ` · keys retried across the restart ${figures.retried.size} (each acknowledged once: ${retriedAndAcked.length})` +
      ` · half-written ${audit.withoutCreatedEvent + audit.openWithoutDeadline + audit.departmentCaseWithoutTask + audit.taskWithoutEvent + audit.taskWithoutDeadline}` +
      ` · back up in ${restartedAt - killedAt} ms`,
  );
});
