// `npm run seed`: load the demo city into the configured database (idempotent).
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';
import { startEmbeddedPostgres } from './embedded-postgres';
import { prepareDatabase } from './prepare-database';
import { seedDemoCity } from './seed/seed-demo-city';

async function main() {
  const config = loadConfig();
  if (!config.seedDemo) throw new Error('The demo city is not loaded with NODE_ENV=production or SEED_DEMO=false (set SEED_DEMO=true to insist)');
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url, 2)).initialize();
  try {
    await prepareDatabase(dataSource, { seedDemo: false, cli: true });
    await seedDemoCity(dataSource);
    const [{ regions, users }] = await dataSource.query(
      `SELECT (SELECT count(*) FROM region)::int AS regions, (SELECT count(*) FROM app_user)::int AS users`,
    );
    console.log(`demo city seeded: ${regions} regions, ${users} users`);
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
