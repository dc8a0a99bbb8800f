import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/** One real PostgreSQL for the whole e2e run; each test file makes its own database in it. */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return; // an external server was given
  const dir = await mkdtemp(join(tmpdir(), 'grid-dispatch-test-'));
  await chmod(dir, 0o755);
  const db = await startEmbeddedPostgres({
    dataDir: dir,
    database: 'postgres',
    // Durability off for tests only; the default start never does this.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '400' },
  });
  process.env.TEST_DATABASE_URL = db.url;
  (globalThis as { __testDb?: { stop(): Promise<void>; dir: string } }).__testDb = { stop: () => db.stop(), dir };
}
