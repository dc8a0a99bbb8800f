import { DataSource } from 'typeorm';
import { ensureFirstAdmin } from '../users/first-admin';
import { seedDemoCity } from './seed/seed-demo-city';

/** Any constant shared by every instance: the lock that serialises migrate + seed. */
const MIGRATION_LOCK = 7_204_118;

/**
 * Migrations, the demo seed and the first admin, under a PostgreSQL advisory lock so that several
 * instances starting on one fresh database take turns instead of colliding. They run on a connection
 * of their own, without the service's statement and query timeouts: a migration may build an index
 * over millions of rows.
 */
export async function prepareDatabase(
  dataSource: DataSource,
  opts: { seedDemo: boolean; firstAdmin?: { username: string; password: string }; cli?: boolean },
): Promise<{ demoSeeded: boolean }> {
  let demoSeeded = false;
  const options = dataSource.options;
  const own = new DataSource({ ...options, extra: { ...options.extra, max: 2, statement_timeout: undefined, query_timeout: undefined } });
  await own.initialize();
  const runner = own.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await own.runMigrations({ transaction: 'each' });
    if (opts.seedDemo) {
      const [{ empty }] = await runner.query('SELECT NOT EXISTS (SELECT 1 FROM region) AS empty');
      if (empty) await seedDemoCity(own);
      demoSeeded = empty;
    }
    if (!opts.cli) await ensureFirstAdmin(own, opts.firstAdmin);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await own.destroy();
  }
  // Only the instance that seeded says so: it alone may go on to load the demo history.
  return { demoSeeded };
}
