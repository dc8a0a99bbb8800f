import { MigrationExecutor, type DataSource } from 'typeorm';
import { seedDemoCity } from './seed/seed-demo-city';

/** Any constant shared by every instance: the lock that serialises migrate + seed. */
const MIGRATION_LOCK = 7_204_118;

/**
 * Migrations and the demo seed, under a PostgreSQL advisory lock so that several instances starting
 * on one fresh database take turns instead of colliding.
 */
export async function prepareDatabase(dataSource: DataSource, opts: { seedDemo: boolean }): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    // A migration may build an index over millions of rows: no statement timeout in this session.
    await runner.query('SET statement_timeout = 0');
    const migrations = new MigrationExecutor(dataSource, runner);
    migrations.transaction = 'each';
    await migrations.executePendingMigrations();
    if (opts.seedDemo) {
      const [{ empty }] = await runner.query('SELECT NOT EXISTS (SELECT 1 FROM region) AS empty');
      if (empty) await seedDemoCity(dataSource);
    }
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
