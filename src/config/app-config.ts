import { resolve } from 'node:path';

/** Everything the service reads from its environment, parsed once at start. */
export interface AppConfig {
  port: number;
  /** Unset → an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  seedDemo: boolean;
  /** Unset → generated once and kept under `dataDir` (embedded) — required with `databaseUrl`. */
  jwtSecret: string | undefined;
  jwtExpiresIn: string;
  slaSweepMs: number;
  /** Longest any one SQL statement may run (PostgreSQL `statement_timeout`); 0 = no limit. */
  statementTimeoutMs: number;
  logLevel: string;
  /** Requests per minute per client on the public (no-token) routes and login. */
  publicRateLimit: number;
  /** Swagger UI at /api/docs. */
  docs: boolean;
  instanceId: string;
}

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${env[name]}"`);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// URL');
  }
  const jwtSecret = env.JWT_SECRET?.trim() || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < 16) {
    throw new ConfigError('JWT_SECRET must be at least 16 characters');
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir: resolve(env.DATA_DIR?.trim() || './.data'),
    seedDemo: flag(env, 'SEED_DEMO', true),
    jwtSecret,
    jwtExpiresIn: env.JWT_EXPIRES_IN?.trim() || '12h',
    slaSweepMs: integer(env, 'SLA_SWEEP_MS', 1000, 50, 3_600_000),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    publicRateLimit: integer(env, 'PUBLIC_RATE_LIMIT', 30, 1, 1_000_000),
    docs: flag(env, 'API_DOCS', true),
    instanceId: env.INSTANCE_ID?.trim() || `${process.pid}`,
  };
}
