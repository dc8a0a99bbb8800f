// `npm run user:create -- --username <name> --password <password> --role admin [--region <code>]
//  [--department <code>] [--display-name <name>]`: a user (the first admin, typically) without the API.
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import type { Role } from '../auth/role';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from '../database/data-source-options';
import { startEmbeddedPostgres } from '../database/embedded-postgres';
import { prepareDatabase } from '../database/prepare-database';
import { createAccount } from './first-admin';

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      region: { type: 'string' },
      department: { type: 'string' },
      'display-name': { type: 'string' },
    },
  });
  if (!values.username || !values.password) throw new Error('--username and --password are required');
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir });
  const dataSource = await new DataSource(dataSourceOptions(config.databaseUrl ?? embedded!.url, 2)).initialize();
  try {
    await prepareDatabase(dataSource, { seedDemo: false, cli: true });
    const user = await createAccount(dataSource, {
      username: values.username,
      password: values.password,
      role: values.role as Role,
      regionCode: values.region,
      departmentCode: values.department,
      displayName: values['display-name'],
    });
    console.log(
      `user ${user.username} created: ${user.role}${user.regionCode ? ` of ${user.regionCode}` : ''}${user.departmentCode ? ` of ${user.departmentCode}` : ''}`,
    );
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
