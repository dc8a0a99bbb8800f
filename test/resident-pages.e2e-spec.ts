import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import QRCode from 'qrcode';
import { as, G1, GRIDS, INSPECTOR_G1 } from './support/api';
import { createTestApp, type TestApp } from './support/test-app';

/** Debian's Chromium, as for the wall: nothing downloaded. Screenshots go to /tmp, not the repository. */
const SHOTS = '/tmp';
const HOOD = 'hood-cq-a1-n01'; // 0101 暴露垃圾 enters at the neighbourhood rung
const PHONE = { width: 360, height: 740 };

/** Bytes of HTML + JS + CSS a first load transferred (uncached context). */
const pageWeight = (page: Page) =>
  page.evaluate<number>(`(() => {
    const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
    return entries.filter((e) => !e.name.includes('/api/')).reduce((sum, e) => sum + e.transferSize, 0);
  })()`);

/** A 1×1 PNG: a real image for the upload (the server checks the bytes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const noHorizontalScroll = async (page: Page) => expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

describe('resident pages (/r and /t in Chromium, 360×740)', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[];

  // Starting a service and a browser on two loaded cores can take over a minute (seen in the wall's spec).
  beforeAll(async () => {
    t = await createTestApp();
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    problems = [];
  });
  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]); // CSP violations, failed loads, script errors
  });

  async function open(url: string) {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.goto(`${t.baseUrl}${url}`);
    return page;
  }

  it('serves the pages with a strict CSP, no token, nothing from elsewhere', async () => {
    for (const path of ['/r?grid=XH-CQ-A1-N01-G1', '/t/ABCDE-FGHJK']) {
      const res = await t.http().get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self';/);
      expect(res.text).not.toMatch(/https?:\/\//);
      expect(res.text).not.toMatch(/<script>|\son[a-z]+=/); // no inline script or handlers
    }
    const js = await t.http().get('/resident/report.mjs');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect((await t.http().get('/resident/nope.mjs')).status).toBe(404);
    expect((await t.http().get('/resident/%2e%2e/resident-pages.module.ts')).status).toBe(404);
    expect((await t.http().get('/api/r')).status).toBe(404); // the pages are not under /api
  });

  it('a resident reports from the QR code, a staff flow closes the case, the resident rates it', async () => {
    const page = await open('/r?grid=XH-CQ-A1-N01-G1');
    await page.getByLabel('问题类别').selectOption({ label: '暴露垃圾' });
    await page.getByLabel('问题描述').fill('3号楼楼道口堆放垃圾，已有异味');
    await page.getByLabel('联系电话').fill('13800138000');
    expect(await page.getByLabel('照片').getAttribute('capture')).toBe('environment');
    expect(await page.getByLabel('照片').getAttribute('accept')).toBe('image/*');
    await noHorizontalScroll(page);
    const reportWeight = await pageWeight(page);
    await page.getByLabel('照片').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    await page.screenshot({ path: `${SHOTS}/resident-report-form.png`, fullPage: true });

    // A double tap: one report, with its one photo.
    await page.getByRole('button', { name: '提交', exact: true }).dblclick();
    const codeText = page.locator('#tracking-code');
    await codeText.waitFor({ state: 'visible', timeout: 10_000 });
    const code = (await codeText.textContent())!.trim();
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await noHorizontalScroll(page);
    await page.screenshot({ path: `${SHOTS}/resident-report-done.png`, fullPage: true });
    const rows = await t.sql<{ id: string; grid_code: string; lat: number; lng: number; reporter_phone: string; photos: string[] }>(
      `SELECT id, grid_code, lat, lng, reporter_phone, photos FROM grid_case WHERE source = 'resident'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].photos).toHaveLength(1);
    expect(await t.sql(`SELECT 1 FROM attachment`)).toHaveLength(1);
    const photo = await as(t, 'street-cq').get(`/api/attachments/${rows[0].photos[0]}`);
    expect(photo.status).toBe(200);
    expect(photo.headers['content-type']).toBe('image/png');
    // No position from the phone (not granted): the grid's centre.
    expect(rows[0]).toMatchObject({ grid_code: G1, lat: GRIDS[G1].lat, lng: GRIDS[G1].lng, reporter_phone: '13800138000' });

    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.waitForURL(`**/t/${code}`);
    await page.locator('#status', { hasText: '待处理' }).waitFor();
    const trackWeight = await pageWeight(page);
    expect(await page.getByRole('button', { name: '提交评价' }).isVisible()).toBe(false);

    // Staff close it through the API: the neighbourhood claims and resolves, the grid's inspector verifies.
    const id = rows[0].id;
    expect((await as(t, HOOD).post(`/api/cases/${id}/claim`)).status).toBe(200);
    expect((await as(t, HOOD).post(`/api/cases/${id}/resolve`, { note: '已清运，楼道已清洁' })).status).toBe(200);
    expect((await as(t, INSPECTOR_G1).post(`/api/cases/${id}/verify`, { passed: true, note: '已核查' })).status).toBe(200);

    await page.reload();
    await page.locator('#status', { hasText: '已办结' }).waitFor();
    expect(await page.textContent('#feedback')).toContain('已清运');
    expect(await page.locator('#timeline li').count()).toBeGreaterThanOrEqual(3);
    await page.getByLabel('满意', { exact: true }).check();
    await noHorizontalScroll(page);
    await page.screenshot({ path: `${SHOTS}/resident-track-rate.png`, fullPage: true });
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.locator('#rated', { hasText: '满意' }).waitFor();
    expect(await page.getByRole('button', { name: '提交评价' }).isVisible()).toBe(false);
    await page.reload();
    await page.locator('#rated', { hasText: '满意' }).waitFor(); // it stays: read back from the server
    expect(await page.textContent('#rated')).toBe('满意');
    await page.screenshot({ path: `${SHOTS}/resident-track-rated.png`, fullPage: true });
    const ratings = await t.sql(`SELECT satisfaction FROM rating WHERE case_id = $1`, [id]);
    expect(ratings).toEqual([{ satisfaction: 'satisfied' }]);
    console.log(`page weight (HTML+JS+CSS, first load): /r ${reportWeight} B, /t ${trackWeight} B`);
  });

  it('names the field in words and keeps what was typed', async () => {
    const page = await open('/r?grid=XH-CQ-A1-N01-G1');
    await page.getByLabel('问题类别').selectOption({ label: '暴露垃圾' });
    await page.getByLabel('联系电话').fill('13900139000');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.locator('#description-error', { hasText: '请填写问题描述' }).waitFor();
    expect(await page.getByLabel('问题描述').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('联系电话').inputValue()).toBe('13900139000');
    expect(await page.getByLabel('问题类别').inputValue()).toBe('0101');
    await page.screenshot({ path: `${SHOTS}/resident-report-error.png`, fullPage: true });

    // The server's 400 lands beside its field too (a phone the page let through is checked there).
    await page.getByLabel('问题描述').fill('路灯不亮');
    await page.route('**/api/public/reports', (route) =>
      route.fulfill({
        status: 429,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 429, error: 'Too Many Requests', message: 'x', details: [] }),
      }),
    );
    await page.getByRole('button', { name: '提交', exact: true }).click();
    await page.locator('#form-error', { hasText: '提交太频繁，请稍后再试' }).waitFor();
    expect(await page.getByLabel('问题描述').inputValue()).toBe('路灯不亮');
    expect(await page.getByRole('button', { name: '提交', exact: true }).isEnabled()).toBe(true);
    problems = problems.filter((p) => !p.includes('429')); // the console notes the failed request
  });
});

describe('POST /api/public/reports from the QR code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const body = (extra: object = {}) => ({ categoryCode: '0110', description: '小广告', gridCode: G1, ...extra });
  const post = (b: object, key?: string) => {
    const req = t.http().post('/api/public/reports');
    return (key ? req.set('Idempotency-Key', key) : req).send(b);
  };

  it('lists the categories without a token', async () => {
    const res = await t.http().get('/api/public/categories');
    expect(res.status).toBe(200);
    expect(res.body).toContainEqual({ code: '0101', name: '暴露垃圾', class: '市容环境' });
  });

  it('files one report per Idempotency-Key, even for requests at once', async () => {
    const key = 'k'.repeat(8) + Date.now().toString(16).padStart(24, '0');
    const answers = await Promise.all([post(body({ description: '同时提交' }), key), post(body({ description: '同时提交' }), key)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0].body.trackingCode).toBe(answers[1].body.trackingCode);
    const again = await post(body({ description: '同时提交' }), key);
    expect(again.status).toBe(200);
    expect(again.body.trackingCode).toBe(answers[0].body.trackingCode);
    expect(await t.sql(`SELECT 1 FROM grid_case WHERE description = '同时提交'`)).toHaveLength(1);
    // The key names that report: used for another, it hands out nothing.
    expect((await post(body({ description: '别的问题' }), key)).status).toBe(409);
    expect((await post(body(), 'short')).status).toBe(400);
  });

  describe('a resident’s photo (POST /api/public/attachments)', () => {
    const upload = (key: string | undefined, bytes = PNG) => {
      const req = t.http().post('/api/public/attachments');
      return (key ? req.set('Idempotency-Key', key) : req).attach('file', bytes, 'photo.png');
    };
    const key = () => `form-${Date.now()}-${Math.random().toString(16).slice(2)}`;

    it('belongs to the form that sent it: only a report with the same key names it', async () => {
      const mine = key();
      const up = await upload(mine);
      expect(up.status).toBe(201);
      expect(Object.keys(up.body)).toEqual(['id']);
      // Another form, or a staff report, cannot pull the photo into its case.
      const other = await post(body({ description: '别人的照片', photos: [up.body.id] }), key());
      expect(other.status).toBe(422);
      expect(other.body.details).toEqual([expect.objectContaining({ field: 'photos' })]);
      const staff = await as(t, INSPECTOR_G1).post('/api/cases', { categoryCode: '0110', description: 'x', gridCode: G1, photos: [up.body.id] });
      expect(staff.status).toBe(422);
      const report = await post(body({ description: '附照片', photos: [up.body.id] }), mine);
      expect(report.status).toBe(201);
      const [row] = await t.sql<{ photos: string[] }>(`SELECT photos FROM grid_case WHERE tracking_code = $1`, [report.body.trackingCode]);
      expect(row.photos).toEqual([up.body.id]);
      // The street sees it on the case; the resident's tracking page does not show it back.
      expect((await as(t, 'street-cq').get(`/api/attachments/${up.body.id}`)).status).toBe(200);
      expect((await as(t, 'street-hn').get(`/api/attachments/${up.body.id}`)).status).toBe(404);
      expect(JSON.stringify((await t.http().get(`/api/public/reports/${report.body.trackingCode}`)).body)).not.toContain(up.body.id);
    });

    it('needs the form’s key and an image', async () => {
      const none = await upload(undefined);
      expect(none.status).toBe(400);
      expect(none.body.details).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
      expect((await upload('short')).status).toBe(400);
      expect((await upload(key(), Buffer.from('not an image at all'))).status).toBe(415);
      expect((await post(body({ photos: ['not-a-uuid'] }), key())).status).toBe(400);
    });
  });

  it("uses the phone's position inside the QR code's grid, else the grid's centre", async () => {
    const inside = { lat: GRIDS[G1].lat + 0.0003, lng: GRIDS[G1].lng };
    const a = await post(body({ description: '位置在网格内', location: inside }));
    expect(a.status).toBe(201);
    const elsewhere = Object.entries(GRIDS).find(([code]) => code !== G1)![1];
    const b = await post(body({ description: '位置在别的网格', location: elsewhere }));
    expect(b.status).toBe(201);
    const rows = await t.sql<{ description: string; lat: number; lng: number; grid_code: string }>(
      `SELECT description, lat, lng, grid_code FROM grid_case WHERE description LIKE '位置%' ORDER BY description`,
    );
    expect(rows).toEqual([
      { description: '位置在别的网格', lat: GRIDS[G1].lat, lng: GRIDS[G1].lng, grid_code: G1 },
      { description: '位置在网格内', lat: inside.lat, lng: inside.lng, grid_code: G1 },
    ]);
    const unknown = await post(body({ gridCode: 'XH-NOPE' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'gridCode' })]);
    const none = await post({ categoryCode: '0110', description: '无位置' });
    expect(none.status).toBe(400);
    expect(none.body.details).toEqual([expect.objectContaining({ field: 'location' })]);
  });
});

describe('GET /api/regions/:code/qr.svg (printable QR codes)', () => {
  let t: TestApp;
  const BASE = 'https://wg.xuhui.example.cn';
  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: `${BASE}/` });
  });
  afterAll(() => t?.close());

  it("encodes <PUBLIC_BASE_URL>/r?grid=<code> with the grid's name under it", async () => {
    const res = await as(t, 'street-cq').get(`/api/regions/${G1}/qr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = (res.body as Buffer).toString('utf8'); // supertest buffers images
    const url = `${BASE}/r?grid=${G1}`;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(`data-url="${url}"`);
    expect(svg).toContain('>长桥一村第1网格</text>');
    // The same modules the library draws for exactly that text: the code says the URL.
    const modules = (await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })).match(/<path stroke="#000000" d="[^"]+"/)![0];
    expect(svg).toContain(modules);
    expect((await as(t, 'admin').get(`/api/regions/${G1}/qr.svg`)).status).toBe(200);
  });

  it("prints a street's sheet with ?all=true; refuses other levels, other streets and other roles", async () => {
    const sheet = await as(t, 'street-cq').get('/api/regions/XH-CQ/qr.svg?all=true');
    expect(sheet.status).toBe(200);
    expect(sheet.headers['content-type']).toMatch(/^text\/html/);
    expect(sheet.headers['content-security-policy']).toMatch(/default-src 'none'; style-src 'sha256-/);
    expect(sheet.text.match(/<figure>/g)).toHaveLength(37); // the demo city's 长桥街道 has 37 grids
    expect(sheet.text).toContain(`data-url="${BASE}/r?grid=XH-CQ-A1-N01-G2"`);
    expect(sheet.text).not.toContain('XH-HN-');

    expect((await as(t, 'street-cq').get('/api/regions/XH-CQ/qr.svg')).status).toBe(400);
    expect((await as(t, 'street-cq').get('/api/regions/XH-CQ-A1-N01/qr.svg?all=true')).status).toBe(400);
    expect((await as(t, 'street-hn').get(`/api/regions/${G1}/qr.svg`)).status).toBe(404);
    expect((await as(t, 'street-cq').get('/api/regions/XH-NOPE/qr.svg')).status).toBe(404);
    expect((await as(t, INSPECTOR_G1).get(`/api/regions/${G1}/qr.svg`)).status).toBe(403);
    expect((await t.http().get(`/api/regions/${G1}/qr.svg`)).status).toBe(401);
  });
});
