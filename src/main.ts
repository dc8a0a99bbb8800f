import type { Server } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app';
import { checkJwtSecret, ConfigError, loadConfig } from './config/app-config';
import { EmbeddedDatabase, EmbeddedDatabaseError, readOrCreateSecret, startEmbeddedPostgres } from './database/embedded-postgres';
import { DemoTrafficService } from './demo/demo-traffic.service';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres({
      dataDir: config.dataDir,
      log: (m) => config.logLevel === 'debug' && console.log(`[postgres] ${m}`),
      notice: (m) => console.log(m),
    });
    console.log(`embedded PostgreSQL running for ${config.dataDir}`);
  } else if (!config.jwtSecret) {
    throw new ConfigError('JWT_SECRET is required when DATABASE_URL is set (all instances must share it)');
  }
  const jwtSecret =
    config.jwtSecret ??
    (await generatedJwtSecret(config.dataDir).catch(async (e) => {
      await embedded?.stop();
      throw e;
    }));
  const databaseUrl = config.databaseUrl ?? embedded!.url;

  const app = await createApp({ ...config, databaseUrl, jwtSecret }).catch(async (e) => {
    await embedded?.stop();
    throw e;
  });
  await app.listen(config.port);
  console.log(`grid-dispatch listening on http://localhost:${config.port} (ready in ${Date.now() - started} ms)`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing`);
    const force = setTimeout(() => process.exit(1), 15_000).unref();
    // The simulated city calls this very server: it stops first, so that the drain has nothing of it to wait for.
    await app
      .get(DemoTrafficService)
      .stop()
      .catch((e) => console.error(e));
    await drain(app.getHttpServer() as Server);
    await app.close().catch((e) => console.error(e));
    await embedded?.stop().catch((e) => console.error(e));
    clearTimeout(force);
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void shutdown(signal));
}

/** The embedded setup's own secret, generated once; a weak one (edited by hand?) is refused, not replaced. */
async function generatedJwtSecret(dataDir: string): Promise<string> {
  const file = join(dataDir, 'jwt-secret');
  const secret = await readOrCreateSecret(file);
  try {
    checkJwtSecret(secret, file);
  } catch (e) {
    throw new ConfigError(`${(e as Error).message} — or delete ${file} to have a new one generated, or set JWT_SECRET`);
  }
  return secret;
}

/** Stop taking connections and let requests in flight finish, before the database goes away. */
function drain(server: Server, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const giveUp = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs).unref();
    server.close(() => {
      clearTimeout(giveUp);
      resolve();
    });
    server.closeIdleConnections();
  });
}

main().catch((e) => {
  console.error(`grid-dispatch failed to start: ${e instanceof Error ? e.message : String(e)}`);
  // A configuration or environment problem is said in one line; anything else keeps its stack.
  if (!(e instanceof ConfigError) && !(e instanceof EmbeddedDatabaseError) && e instanceof Error) console.error(e.stack);
  process.exit(1);
});
