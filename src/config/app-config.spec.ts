import { ConfigError, loadConfig } from './app-config';

describe('loadConfig: demo seed and first admin', () => {
  it('seeds the demo city by default, but not under NODE_ENV=production unless SEED_DEMO=true', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('takes ADMIN_USERNAME and ADMIN_PASSWORD together, the password at least 10 characters', () => {
    expect(loadConfig({}).firstAdmin).toBeUndefined();
    expect(loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'a-long-password' }).firstAdmin).toEqual({ username: 'root', password: 'a-long-password' });
    expect(() => loadConfig({ ADMIN_USERNAME: 'root' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_PASSWORD: 'a-long-password' })).toThrow(ConfigError);
    expect(() => loadConfig({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/);
  });
});
