// The one DataSource for the typeorm CLI (npm run migration:generate / migration:run).
// With DATABASE_URL it uses that server; without, the embedded cluster under DATA_DIR.
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';
import { startEmbeddedPostgres } from './src/database/embedded-postgres';

async function cliDataSource(): Promise<DataSource> {
  const config = loadConfig();
  const url = config.databaseUrl ?? (await startEmbeddedPostgres({ dataDir: config.dataDir })).url;
  return new DataSource(dataSourceOptions(url, 2));
}

export default cliDataSource();
