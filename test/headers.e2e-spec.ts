import { launchChromium } from './support/browser';
import { as } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ API_DOCS: 'true' });
});
afterAll(() => t?.close());

const hardened = (headers: Record<string, string>) => {
  expect(headers['x-powered-by']).toBeUndefined();
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(headers['content-security-policy']).toEqual(expect.any(String));
};

describe('hardening headers', () => {
  it('on /api/health, an API route (answered or refused) and the API’s errors: no X-Powered-By, nosniff, a CSP that allows nothing', async () => {
    for (const res of [
      await t.http().get('/api/health'),
      await as(t, 'street-cq').get('/api/departments'),
      await t.http().get('/api/departments'), // 401
      await t.http().get('/api/nowhere'), // 404
      await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{broken'), // 400
    ]) {
      hardened(res.headers);
      expect(res.headers['content-security-policy']).toBe("default-src 'none';frame-ancestors 'none'");
    }
  });

  it('on /wall: the same headers, with the wall’s own CSP', async () => {
    for (const path of ['/wall', '/wall/wall.mjs', '/wall/wall.css']) {
      const res = await t.http().get(path);
      expect([path, res.status]).toEqual([path, 200]);
      hardened(res.headers);
      expect(res.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self';.*connect-src 'self'/);
    }
  });

  it('Swagger UI at /api/docs still renders under its CSP (Chromium)', async () => {
    const page = await t.http().get('/api/docs');
    expect(page.status).toBe(200);
    hardened(page.headers);
    expect(page.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage();
      const violations: string[] = [];
      tab.on('console', (m) => m.text().includes('Content Security Policy') && violations.push(m.text()));
      await tab.goto(`${t.baseUrl}/api/docs`);
      await tab.waitForSelector('.swagger-ui .opblock', { timeout: 15_000 });
      expect(await tab.locator('.swagger-ui .opblock').count()).toBeGreaterThan(10);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
