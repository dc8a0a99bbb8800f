import { resolve } from 'node:path';
import { parsePrivateAllowance, type PrivateAllowance } from '../channels/webhooks/address-guard';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

/** Everything the service reads from its environment, parsed once at start. */
export interface AppConfig {
  port: number;
  /** Unset → an embedded PostgreSQL is started under `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Default true, but false under NODE_ENV=production unless SEED_DEMO=true is set explicitly. */
  seedDemo: boolean;
  /**
   * SEED_HISTORY (default true; always false without the demo seed): with the demo city, also load
   * 90 days of demo cases (src/history/), once, into the database just seeded.
   */
  seedHistory: boolean;
  /** Where that history ends (default: the moment it is loaded); set by tests that compare two loads, never read from the environment. */
  historyUntil?: Date;
  /** ADMIN_USERNAME/ADMIN_PASSWORD: the first admin, created at start when the database has none. */
  firstAdmin: { username: string; password: string } | undefined;
  /** Unset → generated once and kept under `dataDir` (embedded) — required with `databaseUrl`. */
  jwtSecret: string | undefined;
  jwtExpiresIn: string;
  slaSweepMs: number;
  /** Longest any one SQL statement may run (PostgreSQL `statement_timeout`); 0 = no limit. */
  statementTimeoutMs: number;
  logLevel: string;
  /** Requests per minute per client on the public (no-token) routes and login. */
  publicRateLimit: number;
  /** Writes (POST/PUT/PATCH/DELETE) per minute per logged-in user. */
  userWriteRateLimit: number;
  /** Open311 service requests (POST) per minute per API key (OPEN311_RATE_LIMIT, default 60). */
  open311RateLimit: number;
  /** Open311 reads (discovery, services, requests) per minute per client address (OPEN311_READ_RATE_LIMIT, default 120). */
  open311ReadRateLimit: number;
  /** The proxies whose X-Forwarded-For is believed (Express `trust proxy`); false = none. */
  trustProxy: TrustProxy;
  /** Swagger UI at /api/docs. */
  docs: boolean;
  /** Where residents reach this service: printed QR codes open `<publicBaseUrl>/r?grid=…` (no trailing slash). */
  publicBaseUrl: string;
  instanceId: string;
  /**
   * DEMO_TRAFFIC: simulated people working the demo city through the HTTP API, `perMinute` actions a
   * minute (DEMO_TRAFFIC_RATE). Off unless set to true — under NODE_ENV=production too, where only an
   * explicit DEMO_TRAFFIC=true turns it on.
   */
  demoTraffic: { enabled: boolean; perMinute: number };
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /**
   * WEBHOOK_ALLOW_PRIVATE (default false): deliveries go to public addresses only; `true` also allows
   * loopback, private, link-local … (a receiver on the same host or intranet); or a list of CIDR ranges.
   */
  allowPrivate: PrivateAllowance;
  /** WEBHOOK_RETRY_BASE_MS (default 5000, at most 10000): the first retry waits ½–1 × this, each later one twice as long. */
  retryBaseMs: number;
  /** WEBHOOK_RETRY_MAX_MS (default 1 h): the longest wait between two attempts. */
  retryMaxMs: number;
  /** WEBHOOK_GIVE_UP_MS (default 24 h): after this long since the event, an undelivered one is `failed`. */
  giveUpMs: number;
  /** WEBHOOK_TIMEOUT_MS (default 5000): one attempt's whole request and answer. */
  timeoutMs: number;
  /** WEBHOOK_POLL_MS (default 1000): how often each instance looks for due deliveries and reloads the webhook list. */
  pollMs: number;
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
  if (jwtSecret !== undefined) checkJwtSecret(jwtSecret, 'JWT_SECRET');
  const adminUsername = env.ADMIN_USERNAME?.trim() || undefined;
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if ((adminUsername === undefined) !== (adminPassword === undefined)) {
    throw new ConfigError('ADMIN_USERNAME and ADMIN_PASSWORD go together');
  }
  if (adminPassword !== undefined && adminPassword.length < 10) throw new ConfigError('ADMIN_PASSWORD must be at least 10 characters');
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (typeof trustProxy === 'object' && 'error' in trustProxy) throw new ConfigError(`TRUST_PROXY: ${trustProxy.error}`);
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const seedDemo = flag(env, 'SEED_DEMO', env.NODE_ENV?.trim() !== 'production');
  const allowPrivate = parsePrivateAllowance(env.WEBHOOK_ALLOW_PRIVATE);
  if (typeof allowPrivate === 'object' && 'error' in allowPrivate) throw new ConfigError(`WEBHOOK_ALLOW_PRIVATE: ${allowPrivate.error}`);
  return {
    port,
    databaseUrl,
    dataDir: resolve(env.DATA_DIR?.trim() || './.data'),
    seedDemo,
    // Checked even when ignored: a typo is said at start, not found out later.
    seedHistory: flag(env, 'SEED_HISTORY', true) && seedDemo,
    firstAdmin: adminUsername ? { username: adminUsername, password: adminPassword! } : undefined,
    jwtSecret,
    jwtExpiresIn: tokenLifetime(env.JWT_EXPIRES_IN?.trim() || '12h'),
    slaSweepMs: integer(env, 'SLA_SWEEP_MS', 1000, 50, 3_600_000),
    statementTimeoutMs: integer(env, 'STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
    publicRateLimit: integer(env, 'PUBLIC_RATE_LIMIT', 30, 1, 1_000_000),
    userWriteRateLimit: integer(env, 'USER_WRITE_RATE_LIMIT', 120, 1, 1_000_000),
    open311RateLimit: integer(env, 'OPEN311_RATE_LIMIT', 60, 1, 1_000_000),
    open311ReadRateLimit: integer(env, 'OPEN311_READ_RATE_LIMIT', 120, 1, 1_000_000),
    trustProxy,
    docs: flag(env, 'API_DOCS', true),
    instanceId: env.INSTANCE_ID?.trim() || `${process.pid}`,
    publicBaseUrl: publicBaseUrl(env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`),
    demoTraffic: { enabled: flag(env, 'DEMO_TRAFFIC', false), perMinute: integer(env, 'DEMO_TRAFFIC_RATE', 30, 1, 6000) },
    webhooks: {
      allowPrivate,
      // At most 10 s: the contract's first retry comes within 10 s.
      retryBaseMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', 5000, 10, 10_000),
      retryMaxMs: integer(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 86_400_000),
      giveUpMs: integer(env, 'WEBHOOK_GIVE_UP_MS', 86_400_000, 1000, 7 * 86_400_000),
      timeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', 5000, 100, 60_000),
      pollMs: integer(env, 'WEBHOOK_POLL_MS', 1000, 50, 60_000),
    },
  };
}

/** An http(s) origin, optionally with a path (behind a proxy's prefix); no query, no fragment, no credentials. */
function publicBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_BASE_URL must be an http(s) URL, got "${raw}"`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`PUBLIC_BASE_URL must be an http(s) URL without query, fragment or credentials, got "${raw}"`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Published or obvious values: a token signed with one of them can be forged by anyone. */
const PLACEHOLDER = /change.?me|replace.?me|placeholder|example|your.?(jwt.?)?secret|^(jwt.?)?secret$|^password$|dummy|default/i;

/** A JWT secret signs every token: at least 32 bytes, not a placeholder, not one character repeated. */
export function checkJwtSecret(secret: string, source: string): void {
  const bytes = Buffer.byteLength(secret, 'utf8');
  if (bytes < 32) throw new ConfigError(`${source} must be at least 32 bytes (got ${bytes}); generate one with: openssl rand -hex 32`);
  if (PLACEHOLDER.test(secret) || new Set(secret).size < 8) {
    throw new ConfigError(`${source} is a placeholder, not a secret; generate one with: openssl rand -hex 32`);
  }
}

const UNIT_SECONDS: [RegExp, number][] = [
  [/^(s|secs?|seconds?)$/, 1],
  [/^(m|mins?|minutes?)$/, 60],
  [/^(h|hrs?|hours?)$/, 3600],
  [/^(d|days?)$/, 86_400],
];

/**
 * JWT_EXPIRES_IN as jsonwebtoken reads it (`12h`, `30m`, `7d`, or plain seconds), between a minute and
 * 30 days. Plain digits become `<n>s`: jsonwebtoken would read the string "3600" as milliseconds.
 */
export function tokenLifetime(raw: string): string {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = m && (m[2] === '' ? 1 : UNIT_SECONDS.find(([re]) => re.test(m[2].toLowerCase()))?.[1]);
  const seconds = m && unit ? Number(m[1]) * unit : NaN;
  if (!(seconds >= 60 && seconds <= 30 * 86_400)) {
    throw new ConfigError(`JWT_EXPIRES_IN must be a duration from 1 minute to 30 days such as 12h, 30m, 7d or 3600 (seconds), got "${raw}"`);
  }
  return `${seconds}s`;
}
