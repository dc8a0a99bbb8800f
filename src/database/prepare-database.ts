import type { DataSource } from 'typeorm';
import { ensureFirstAdmin } from '../users/first-admin';
import { seedDemoCity } from './seed/seed-demo-city';

/** Any constant shared by every instance: the lock that serialises migrate + seed. */
const MIGRATION_LOCK = 7_204_118;

/**
 * Migrations, the demo seed and the first admin, under a PostgreSQL advisory lock so that several instances starting
 * on one fresh database take turns instead of colliding.
 */
export async function prepareDatabase(
  dataSource: DataSource,
  opts: { seedDemo: boolean; firstAdmin?: { username: string; password: string }; cli?: boolean },
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
    if (opts.seedDemo) {
      const [{ empty }] = await runner.query('SELECT NOT EXISTS (SELECT 1 FROM region) AS empty');
      if (empty) await seedDemoCity(dataSource);
    }
    if (!opts.cli) await ensureFirstAdmin(dataSource, opts.firstAdmin);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
