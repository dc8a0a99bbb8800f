import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './app-config';

const load = (env: Record<string, string>) => () => loadConfig(env);

describe('loadConfig', () => {
  it('takes the defaults from an empty environment', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, jwtSecret: undefined, jwtExpiresIn: '43200s', seedDemo: true, docs: true });
  });

  describe('JWT_SECRET', () => {
    it.each([
      ['openssl rand -hex 32', randomBytes(32).toString('hex')],
      ['the embedded generator (24 bytes base64url)', randomBytes(24).toString('base64url')],
      ['32 bytes of Chinese (UTF-8)', '网格化管理吹哨报到一口受理一表派单一站反馈'],
    ])('accepts %s', (_, secret) => {
      expect(loadConfig({ JWT_SECRET: secret }).jwtSecret).toBe(secret);
    });

    it.each([
      ['shorter than 32 bytes', 'k3J9x-q8Zr2LmP4vT7wY1nB6', /at least 32 bytes/],
      ['31 bytes', 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p', /at least 32 bytes \(got 31\)/],
      ['the old compose fallback', 'change-me-to-a-long-random-string', /placeholder/],
      ['changeme padded', 'changeme-changeme-changeme-changeme', /placeholder/],
      ['an example', 'example-jwt-secret-for-the-readme-0123', /placeholder/],
      ['your-secret-here', 'your-secret-here-your-secret-here-1234', /placeholder/],
      ['a placeholder', 'placeholder-placeholder-placeholder', /placeholder/],
      ['one character repeated', 'a'.repeat(64), /placeholder/],
    ])('refuses %s', (_, secret, message) => {
      expect(load({ JWT_SECRET: secret })).toThrow(ConfigError);
      expect(load({ JWT_SECRET: secret })).toThrow(message);
    });

    it('treats an empty or blank value as unset (generated for the embedded database; main.ts requires it with DATABASE_URL)', () => {
      expect(loadConfig({ JWT_SECRET: '' }).jwtSecret).toBeUndefined();
      expect(loadConfig({ JWT_SECRET: '   ' }).jwtSecret).toBeUndefined();
    });
  });

  describe('JWT_EXPIRES_IN', () => {
    it.each([
      ['12h', '43200s'],
      ['30m', '1800s'],
      ['7d', '604800s'],
      ['3600', '3600s'], // seconds, not jsonwebtoken's milliseconds
      ['90 minutes', '5400s'],
      ['2 Hours', '7200s'],
    ])('reads %s as %s', (raw, expected) => {
      expect(loadConfig({ JWT_EXPIRES_IN: raw }).jwtExpiresIn).toBe(expected);
    });

    it.each(['garbage', '12x', '-5m', '1.5h', '59', '0', '31d', '12h30m', 'h'])('refuses %s', (raw) => {
      expect(load({ JWT_EXPIRES_IN: raw })).toThrow(ConfigError);
      expect(load({ JWT_EXPIRES_IN: raw })).toThrow(/JWT_EXPIRES_IN/);
    });
  });
});

describe('loadConfig: demo seed and first admin', () => {
  it('seeds the demo city by default, but not under NODE_ENV=production unless SEED_DEMO=true', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('SEED_HISTORY: the demo history by default, only together with the demo seed', () => {
    expect(loadConfig({}).seedHistory).toBe(true);
    expect(loadConfig({ SEED_HISTORY: 'false' }).seedHistory).toBe(false);
    expect(loadConfig({ SEED_HISTORY: 'true' }).seedHistory).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedHistory).toBe(false);
    expect(loadConfig({ SEED_DEMO: 'false', SEED_HISTORY: 'true' }).seedHistory).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).seedHistory).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).seedHistory).toBe(true);
    expect(loadConfig({}).historyUntil).toBeUndefined();
    expect(() => loadConfig({ SEED_HISTORY: 'maybe' })).toThrow(/SEED_HISTORY must be true or false/);
    expect(() => loadConfig({ SEED_DEMO: 'false', SEED_HISTORY: 'maybe' })).toThrow(ConfigError);
  });

  it('takes ADMIN_USERNAME and ADMIN_PASSWORD together, the password at least 10 characters', () => {
    expect(loadConfig({}).firstAdmin).toBeUndefined();
    expect(loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'a-long-password' }).firstAdmin).toEqual({
      username: 'root',
      password: 'a-long-password',
    });
    expect(() => loadConfig({ ADMIN_USERNAME: 'root' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'a-long-password' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });

  it("PUBLIC_BASE_URL: the printed QR codes' base, an http(s) URL; defaults to localhost on PORT", () => {
    expect(loadConfig({ PORT: '8080' }).publicBaseUrl).toBe('http://localhost:8080');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://wg.xuhui.example.cn/' }).publicBaseUrl).toBe('https://wg.xuhui.example.cn');
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://gov.example.cn/grid/' }).publicBaseUrl).toBe('https://gov.example.cn/grid');
    for (const bad of ['wg.xuhui.cn', 'ftp://x.cn', 'https://x.cn/?a=1', 'https://u:p@x.cn', 'javascript:alert(1)']) {
      expect(load({ PUBLIC_BASE_URL: bad })).toThrow(/PUBLIC_BASE_URL/);
    }
  });
});

describe('loadConfig: demo traffic', () => {
  it('is off by default, in production too; DEMO_TRAFFIC=true turns it on at DEMO_TRAFFIC_RATE actions a minute (default 30)', () => {
    expect(loadConfig({}).demoTraffic).toEqual({ enabled: false, perMinute: 30 });
    expect(loadConfig({ NODE_ENV: 'production' }).demoTraffic.enabled).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_TRAFFIC: 'true' }).demoTraffic.enabled).toBe(true);
    expect(loadConfig({ DEMO_TRAFFIC: 'true', DEMO_TRAFFIC_RATE: '600' }).demoTraffic).toEqual({ enabled: true, perMinute: 600 });
  });

  it('refuses a rate that is not a whole number of actions a minute from 1 to 6000, and a flag that is not one', () => {
    for (const bad of ['0', '-1', '1.5', 'fast', '6001']) expect(load({ DEMO_TRAFFIC_RATE: bad })).toThrow(/DEMO_TRAFFIC_RATE/);
    expect(load({ DEMO_TRAFFIC: 'sometimes' })).toThrow(/DEMO_TRAFFIC/);
  });
});

describe('loadConfig: webhooks', () => {
  it('refuses private receivers and retries first within 5 s by default', () => {
    expect(loadConfig({}).webhooks).toMatchObject({ allowPrivate: false, retryBaseMs: 5000, timeoutMs: 5000, giveUpMs: 86_400_000 });
  });

  it('takes true or CIDR ranges for WEBHOOK_ALLOW_PRIVATE, and keeps the first retry within 10 s', () => {
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).webhooks.allowPrivate).toBe(true);
    expect(loadConfig({ WEBHOOK_ALLOW_PRIVATE: '10.20.0.0/16' }).webhooks.allowPrivate).toEqual(['10.20.0.0/16']);
    expect(load({ WEBHOOK_ALLOW_PRIVATE: 'intranet' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
    expect(load({ WEBHOOK_RETRY_BASE_MS: '60000' })).toThrow(/WEBHOOK_RETRY_BASE_MS/);
  });
});
