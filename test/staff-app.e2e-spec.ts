import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchChromium } from './support/browser';
import { LiveGateway } from '../src/live/live.gateway';
import { as, G1, GRIDS, INSPECTOR_G1, report } from './support/api';
import { createTestApp, DEMO_PASSWORD, type TestApp } from './support/test-app';

/** Debian's Chromium, offline, nothing downloaded; a phone's viewport. */
const PHONE = { width: 360, height: 740 };
const LIVE_MS = 8_000; // an event reaches the page within a second or two; room for a slow machine
const SHOTS = process.env.STAFF_SHOTS_DIR ?? '/tmp'; // screenshots stay out of the repository

/** A 1×1 PNG: a real image for the upload (the server checks the bytes). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

async function signIn(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/m`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForSelector('body[data-ready="true"][data-live="up"]', { timeout: 15_000 });
}

/** No horizontal scrolling at 360 px. */
async function fitsWidth(page: Page) {
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
}

/** The page's getComputedStyle, typed here (the test's own typings have no DOM); used inside evaluate only. */
type Styled = { getComputedStyle(e: unknown): { color: string } };

/** The card of a case (by its code) in the visible list. */
const cardOf = (page: Page, code: string) => page.getByRole('listitem').filter({ hasText: code });

describe('staff field app (/m in Chromium, 360×740)', () => {
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
    problems = [];
    context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', isMobile: true, hasTouch: true });
  });
  afterEach(async () => {
    await context?.close();
    expect(problems).toEqual([]); // no script errors, no CSP violations, no failed loads
  });

  async function newPage() {
    const page = await context.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    return page;
  }

  it('serves the page and its modules without a token, uncached, under a strict CSP', async () => {
    const page = await t.http().get('/m');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.text).not.toMatch(/https?:\/\//);
    expect(page.text).not.toMatch(/<script>|\son\w+=/); // no inline script or handlers
    expect((await t.http().get('/m/staff.mjs')).headers['content-type']).toMatch(/^text\/javascript/);
    expect((await t.http().get('/m/nope.mjs')).status).toBe(404);
    expect((await t.http().get('/m/%2e%2e/staff-pages.module.ts')).status).toBe(404);
  });

  it('a liaison claims and completes a task, and a new task appears without a reload', async () => {
    const first = await report(t, { categoryCode: '0104', description: '人行道大片油污' }); // 道路不洁 → 市容绿化所
    const task = first.tasks.find((x: { departmentCode: string }) => x.departmentCode === 'SR');
    expect(task).toBeDefined();

    const page = await newPage();
    await page.goto(`${t.baseUrl}/m`);
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/staff-login.png` });
    await signIn(page, t.baseUrl, 'liaison-sr');
    await fitsWidth(page);

    const card = cardOf(page, first.code);
    await card.waitFor({ timeout: LIVE_MS });
    await card.getByText('签收时限').waitFor();
    await card.getByRole('button', { name: '签收', exact: true }).click();
    await card.getByRole('button', { name: '办结', exact: true }).waitFor({ timeout: LIVE_MS });
    expect((await as(t, 'liaison-sr').get(`/api/cases/${first.id}`)).body.tasks.find((x: { id: string }) => x.id === task.id).status).toBe('claimed');

    await card.getByRole('button', { name: '办结', exact: true }).click();
    await card.getByLabel('办结说明').fill('已冲洗干净');
    await fitsWidth(page);
    await card.getByRole('button', { name: '确认办结', exact: true }).click();
    await card.waitFor({ state: 'detached', timeout: LIVE_MS });
    const done = (await as(t, 'street-cq').get(`/api/cases/${first.id}`)).body;
    expect(done.tasks.find((x: { id: string }) => x.id === task.id).status).toBe('done');
    expect(done.status).toBe('resolved');

    // A new case for the department arrives over /live; a reload would lose the marker.
    await page.evaluate("window.marker = 'same page'");
    const second = await report(t, { categoryCode: '0104', description: '垃圾房门口满地垃圾' });
    const fresh = cardOf(page, second.code);
    await fresh.waitFor({ timeout: LIVE_MS });
    expect(await page.evaluate('window.marker')).toBe('same page');
    await fitsWidth(page);

    // An extension request from the same list.
    await fresh.getByRole('button', { name: '签收', exact: true }).click();
    await fresh.getByRole('button', { name: '申请延期', exact: true }).click();
    await fresh.getByLabel('延期时长').selectOption('P1D');
    await fresh.getByLabel('延期理由').fill('需等待环卫车辆');
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/staff-liaison.png`, fullPage: true });
    await fresh.getByRole('button', { name: '提交申请', exact: true }).click();
    await page.getByText('延期申请已提交').waitFor({ timeout: LIVE_MS });
  });

  it('an inspector reports with a photo, then verifies a resolved case', async () => {
    await context.grantPermissions(['geolocation']);
    await context.setGeolocation({ latitude: GRIDS[G1].lat, longitude: GRIDS[G1].lng, accuracy: 10 });
    // Prepared through the API: reported, then claimed and resolved by the neighbourhood holding it.
    const resolved = await report(t, { categoryCode: '0101', description: '楼道口堆放建筑垃圾' });
    const hood = as(t, 'hood-cq-a1-n01');
    expect((await hood.post(`/api/cases/${resolved.id}/claim`)).status).toBe(200);
    expect((await hood.post(`/api/cases/${resolved.id}/resolve`, { note: '已清运' })).status).toBe(200);

    const page = await newPage();
    await signIn(page, t.baseUrl, INSPECTOR_G1);
    await page.getByRole('tab', { name: '上报', exact: true }).click();
    await page.getByText('手机定位').waitFor({ timeout: LIVE_MS });
    await page.getByLabel('问题类别').selectOption('0110'); // 违章张贴小广告
    await page.getByLabel('问题描述').fill('电线杆上贴满小广告');
    await page.getByLabel('照片（选填）').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG });
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/staff-inspector-report.png`, fullPage: true });
    const submit = page.getByRole('button', { name: '提交上报', exact: true });
    await submit.dblclick(); // a double tap files one case
    await page.getByText('已上报').waitFor({ timeout: LIVE_MS });

    const mine = (await as(t, INSPECTOR_G1).get(`/api/cases?categoryCode=0110&regionCode=${G1}`)).body.items;
    expect(mine).toHaveLength(1);
    expect(mine[0].description).toBe('电线杆上贴满小广告');
    expect(mine[0].photos).toHaveLength(1);
    expect(mine[0].gridCode).toBe(G1);

    await page.getByRole('tab', { name: '待核查', exact: true }).click();
    const card = cardOf(page, resolved.code);
    await card.waitFor({ timeout: LIVE_MS });
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/staff-inspector-verify.png`, fullPage: true });
    await card.getByRole('button', { name: '核查通过', exact: true }).click();
    await card.waitFor({ state: 'detached', timeout: LIVE_MS });
    const closed = (await as(t, 'street-cq').get(`/api/cases/${resolved.id}`)).body;
    expect(closed.status).toBe('closed');
  });

  it('a neighbourhood user takes in and resolves the case its region holds', async () => {
    const held = await report(t, { categoryCode: '0101', description: '单元门口垃圾未清' });
    const page = await newPage();
    await signIn(page, t.baseUrl, 'hood-cq-a1-n01');
    const card = cardOf(page, held.code);
    await card.waitFor({ timeout: LIVE_MS });
    await fitsWidth(page);
    await card.getByRole('button', { name: '受理', exact: true }).click();
    await card.getByRole('button', { name: '办结', exact: true }).waitFor({ timeout: LIVE_MS });
    await card.getByRole('button', { name: '办结', exact: true }).click();
    await card.getByLabel('办结说明').fill('已清理');
    await card.getByRole('button', { name: '确认办结', exact: true }).click();
    await card.waitFor({ state: 'detached', timeout: LIVE_MS });
    expect((await as(t, 'street-cq').get(`/api/cases/${held.id}`)).body.status).toBe('resolved');
  });

  it('an overdue task is red; a liaison returns one (退单), an inspector fails a verification, a neighbourhood raises a case', async () => {
    // A task whose claim deadline has passed (as the sweeper would leave it before its breach).
    const late = await report(t, { categoryCode: '0104', description: '路面油污已超时' });
    const lateTask = late.tasks.find((x: { departmentCode: string }) => x.departmentCode === 'SR');
    await t.sql(`UPDATE task SET claim_due_at = now() - interval '2 hours' WHERE id = $1`, [lateTask.id]);
    const liaison = await newPage();
    await signIn(liaison, t.baseUrl, 'liaison-sr');
    const lateCard = cardOf(liaison, late.code);
    await lateCard.waitFor({ timeout: LIVE_MS });
    await lateCard
      .getByText(/已超时/)
      .first()
      .waitFor({ timeout: LIVE_MS });
    expect(await lateCard.evaluate((n) => n.classList.contains('overdue'))).toBe(true);
    const red = await lateCard
      .locator('.due.late')
      .first()
      .evaluate((n) => (globalThis as unknown as Styled).getComputedStyle(n).color);
    const plain = await lateCard.evaluate((n) => (globalThis as unknown as Styled).getComputedStyle(n).color);
    expect(red).not.toBe(plain);
    expect(red).toMatch(/^rgb\((\d+), (\d+), (\d+)\)$/);
    const [r, g, b] = red.match(/\d+/g)!.map(Number);
    expect(r).toBeGreaterThan(150);
    expect(r).toBeGreaterThan(2 * Math.max(g, b)); // red, not merely dark
    await fitsWidth(liaison);
    await liaison.screenshot({ path: `${SHOTS}/staff-liaison-overdue.png`, fullPage: true });

    // 退单: the task goes back with its reason.
    await lateCard.getByRole('button', { name: '退单', exact: true }).click();
    await lateCard.getByLabel('退单理由').fill('不属于本部门职责');
    await lateCard.getByRole('button', { name: '确认退单', exact: true }).click();
    await lateCard.waitFor({ state: 'detached', timeout: LIVE_MS });
    const returned = (await as(t, 'street-cq').get(`/api/cases/${late.id}`)).body.tasks.find((x: { id: string }) => x.id === lateTask.id);
    expect(returned.status).toBe('returned');

    // 核查不通过: the case goes back to the holder for rework.
    const resolved = await report(t, { categoryCode: '0101', description: '楼道杂物未清干净' });
    const hood = as(t, 'hood-cq-a1-n01');
    expect((await hood.post(`/api/cases/${resolved.id}/claim`)).status).toBe(200);
    expect((await hood.post(`/api/cases/${resolved.id}/resolve`, { note: '已清运' })).status).toBe(200);
    const inspector = await newPage();
    await signIn(inspector, t.baseUrl, INSPECTOR_G1);
    await inspector.getByRole('tab', { name: '待核查', exact: true }).click();
    const verifyCard = cardOf(inspector, resolved.code);
    await verifyCard.waitFor({ timeout: LIVE_MS });
    await verifyCard.getByRole('button', { name: '核查不通过', exact: true }).click();
    await verifyCard.getByLabel('核查意见').fill('仍有杂物堆放');
    await verifyCard.getByRole('button', { name: '确认不通过', exact: true }).click();
    await verifyCard.waitFor({ state: 'detached', timeout: LIVE_MS });
    const reworked = (await as(t, 'street-cq').get(`/api/cases/${resolved.id}`)).body;
    expect(reworked).toMatchObject({ status: 'in_progress', reworkCount: 1 });

    // 上报上级: the neighbourhood raises a case it holds to the area.
    const held = await report(t, { categoryCode: '0101', description: '大件垃圾需清运车' });
    const hoodPage = await newPage();
    await signIn(hoodPage, t.baseUrl, 'hood-cq-a1-n01');
    const heldCard = cardOf(hoodPage, held.code);
    await heldCard.waitFor({ timeout: LIVE_MS });
    await heldCard.getByRole('button', { name: '上报上级', exact: true }).click();
    await heldCard.getByLabel('上报理由').fill('需片区协调清运车辆');
    await heldCard.getByRole('button', { name: '确认上报', exact: true }).click();
    await heldCard.waitFor({ state: 'detached', timeout: LIVE_MS });
    expect((await as(t, 'street-cq').get(`/api/cases/${held.id}`)).body).toMatchObject({ rung: 'area', holderRegionCode: 'XH-CQ-A1' });
  });

  it('shows a banner while the live connection is down and catches up when it is back', async () => {
    const page = await newPage();
    await signIn(page, t.baseUrl, 'liaison-sr');
    const handshake = /\/socket\.io\/\?/;
    await page.route(handshake, (route) => route.abort());
    (t.app.get<LiveGateway>(LiveGateway) as unknown as { nsp: { disconnectSockets(close?: boolean): void } }).nsp.disconnectSockets(true);
    const banner = page.getByText('连接已断开，正在重连…');
    await banner.waitFor({ timeout: LIVE_MS });
    await fitsWidth(page);
    await page.screenshot({ path: `${SHOTS}/staff-disconnected.png` });

    const missed = await report(t, { categoryCode: '0104', description: '断线期间的上报' });
    await page.unroute(handshake);
    await page.waitForSelector('body[data-live="up"]', { timeout: 20_000 });
    await cardOf(page, missed.code).waitFor({ timeout: LIVE_MS });
    expect(await banner.isVisible()).toBe(false);
    problems = problems.filter((p) => !/socket\.io|ERR_FAILED/.test(p)); // the refused handshakes
  });

  it('goes back to the login form on a 401, and says why', async () => {
    const page = await newPage();
    await signIn(page, t.baseUrl, 'liaison-sr');
    await page.evaluate(`sessionStorage.setItem('staff.token', 'expired.or.forged')`);
    await page.reload();
    await page.getByRole('button', { name: '登录', exact: true }).waitFor({ timeout: LIVE_MS });
    await page.getByText('重新登录').waitFor({ timeout: LIVE_MS });
    problems = problems.filter((p) => !/401|Unauthorized/i.test(p));
  });
});
