// The street command-centre wall: login, first load from /api, then live from /live, never reloading.
import { AuthError, WALL_ROLES, get, getAll, login, session, whenUnauthorized } from './api.mjs';
import { OPEN_STATUSES, ROLE_LABELS, clockDate, clockTime } from './format.mjs';
import { WallMap } from './map.mjs';
import { markWords, withSupervision } from './marks.mjs';
import { feedEntry, names, pushFeed, renderFocus, renderOverdue, renderOverview, renderRanking, seedFeed } from './panels.mjs';
import { connectLive } from './live.mjs';
import { loadParty, renderParty } from './party.mjs';
import { SCHEME, currentPeriod, previousPeriod, renderScorecard, scored } from './scorecard.mjs';

const $ = (id) => document.getElementById(id);
const RANKING_EVERY_MS = 60_000;
const OVERVIEW_EVERY_MS = 60_000; // a safety net: `stats.overview` pushes keep it current
const CASES_EVERY_MS = 5 * 60_000; // likewise for the dots
const OVERDUE_DEBOUNCE_MS = 1_200;
const SCORECARD_EVERY_MS = 60_000; // also on `stats.overview` pushes, but never more often than this
const PARTY_EVERY_MS = 60_000; // also after a new case (a hotspot may have grown), at most every 15 s
const PARTY_AFTER_CASE_MS = 15_000;

/** Everything of the running wall; dropped on logout. */
let wall = null;

// ---------- login ----------

function showLogin(message = '') {
  document.body.dataset.view = 'login';
  $('wall').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('login-submit').disabled = false;
  $('login-password').value = '';
  $('login-username').focus();
}

function logout(message = '') {
  const running = wall;
  wall = null;
  running?.stop();
  session.clear();
  showLogin(message);
}
whenUnauthorized((message) => {
  if (wall || session.token) logout(message);
});

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) return void ($('login-error').textContent = '请输入账号和密码');
  $('login-submit').disabled = true;
  $('login-error').textContent = '';
  try {
    const { accessToken, user } = await login(username, password);
    if (!WALL_ROLES.includes(user.role)) {
      const role = ROLE_LABELS[user.role] ?? user.role;
      return showLogin(`“${role}”账号不能打开指挥大屏，请使用大屏账号或街道值班账号登录`);
    }
    session.save(accessToken, user);
    start(user);
  } catch (err) {
    showLogin(err.message);
  }
});
$('logout').addEventListener('click', () => logout());

// ---------- the wall ----------

function start(user) {
  document.body.dataset.view = 'wall';
  document.body.removeAttribute('data-ready');
  $('login').hidden = true;
  $('wall').hidden = false;
  const w = (wall = new Wall(user));
  const attempt = () =>
    w.boot().catch((err) => {
      if (err instanceof AuthError || w.stopped) return;
      console.error(err);
      w.problem('数据加载失败，正在重试…');
      setTimeout(attempt, 5000);
    });
  attempt();
}

class Wall {
  constructor(user) {
    this.user = user;
    this.timers = [];
    this.cases = new Map(); // open cases on the map, by id
    this.touched = new Map(); // case id → when an event last changed it (performance.now())
    this.map = new WallMap($('map'));
    this.map.describe = (c) => [c.code, names.categories.get(c.categoryCode)?.name ?? c.categoryCode, markWords(c)].filter(Boolean).join(' · ');
    this.stopped = false;
    this.fetching = new Set();
  }

  problem(text) {
    this.setConnection('down', text);
  }

  async boot() {
    await this.loadReference();
    await this.drawMap();
    if (this.stopped) return;
    // Before the first load, so no event falls between the two (live.mjs).
    if (!this.socket) this.socket = connectLive(this, logout);
    await Promise.all([
      this.refreshOverview(),
      this.refreshCases(),
      this.refreshOverdue(),
      this.refreshRanking(),
      this.loadFeed(),
      this.refreshScorecard(),
      this.refreshParty(),
    ]);
    if (this.stopped) return;
    document.body.dataset.ready = 'true';
    this.every(RANKING_EVERY_MS, () => this.refreshRanking());
    this.every(OVERVIEW_EVERY_MS, () => this.refreshOverview());
    this.every(CASES_EVERY_MS, () => this.refreshCases());
    this.every(SCORECARD_EVERY_MS, () => this.refreshScorecard());
    this.every(PARTY_EVERY_MS, () => this.refreshParty());
    this.every(30_000, () => this.renderLists()); // "how late" keeps growing, supervisions fall due
  }

  every(ms, fn) {
    this.timers.push(
      setInterval(
        () =>
          Promise.resolve()
            .then(fn)
            .catch(() => {}),
        ms,
      ),
    );
  }

  stop() {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    clearTimeout(this.overdueTimer);
    this.socket?.off();
    this.socket?.disconnect();
    this.socket = null;
  }

  async loadReference() {
    const [regions, categories, departments] = await Promise.all([get('/regions'), get('/categories'), get('/departments')]);
    names.regions = new Map(regions.items.map((r) => [r.code, r]));
    names.categories = new Map(categories.items.map((c) => [c.code, c]));
    names.departments = new Map(departments.items.map((d) => [d.code, d]));
    const street = names.regions.get(this.user.regionCode);
    $('street-name').textContent = street?.name ?? '';
    document.title = `${street?.name ?? ''}网格化综合管理中心 · 指挥大屏`;
  }

  /** True when `code` lies in the user's street: walk parentCode up (codes are not to be parsed). */
  inStreet(code) {
    for (let r = names.regions.get(code), hops = 0; r && hops < 10; r = names.regions.get(r.parentCode), hops++) {
      if (r.code === this.user.regionCode) return true;
    }
    return false;
  }

  /** The street's grids, neighbourhoods and areas with their boundaries: one request, else one per region. */
  async drawMap() {
    const wanted = (level) => [...names.regions.values()].filter((r) => r.level === level && this.inStreet(r.code));
    let withBoundary = null;
    try {
      const all = await get('/regions?withBoundary=true');
      if (all.items.every((r) => r.boundary)) withBoundary = new Map(all.items.map((r) => [r.code, r]));
    } catch (err) {
      if (err instanceof AuthError) throw err;
    }
    const detail = async (r) => withBoundary?.get(r.code) ?? { ...r, ...(await get(`/regions/${encodeURIComponent(r.code)}`)) };
    const grids = await Promise.all(wanted('grid').map(detail));
    const [neighbourhoods, areas] = withBoundary
      ? [wanted('neighbourhood').map(detail), wanted('area').map(detail)].map((list) => Promise.all(list))
      : [[], []];
    this.map.draw({ grids: grids.filter((g) => g.boundary), neighbourhoods: await neighbourhoods, areas: await areas });
    $('map-caption').textContent = `${grids.length} 个网格`;
  }

  async refreshOverview() {
    const o = await get(`/stats/overview?regionCode=${encodeURIComponent(this.user.regionCode)}`);
    if (!this.stopped) renderOverview(o);
  }

  async refreshCases() {
    const since = performance.now();
    const lists = await Promise.all(OPEN_STATUSES.map((s) => getAll(`/cases?status=${s}&limit=500`)));
    if (this.stopped) return;
    const open = new Map(
      lists
        .flat()
        .filter((c) => this.belongs(c))
        .map((c) => [c.id, c]),
    );
    // An event that arrived while the lists were loading is newer than they are.
    for (const [id, at] of this.touched) {
      if (at < since) this.touched.delete(id);
      else if (this.cases.has(id)) open.set(id, this.cases.get(id));
      else open.delete(id);
    }
    this.cases = open;
    this.map.replaceAll([...open.values()]);
    this.updateLegend();
    renderFocus([...open.values()]);
  }

  renderLists() {
    renderOverdue(this.overdue ?? []);
    renderFocus([...this.cases.values()]);
  }

  async refreshOverdue() {
    const overdue = await getAll('/cases?overdue=true&limit=50', 50);
    if (this.stopped) return;
    this.overdue = overdue.filter((c) => this.belongs(c));
    renderOverdue(this.overdue);
  }

  /** Debounced: many events in a burst cost one request. */
  scheduleOverdue() {
    clearTimeout(this.overdueTimer);
    this.overdueTimer = setTimeout(() => this.refreshOverdue().catch(() => {}), OVERDUE_DEBOUNCE_MS);
  }

  /**
   * 本月考核 (631): the departments' scorecards of this month (Asia/Shanghai). In a month's first days,
   * before any department has a figure, the last month's cards stand in (labelled as such). Until the
   * evaluation answers (403, an outage, no cards) the panel says 暂无数据, quietly.
   */
  async refreshScorecard() {
    this.scorecardAt = Date.now();
    let period = currentPeriod();
    let card = await this.scorecardOf(period);
    if (!scored(card)) {
      const last = previousPeriod(period);
      const before = await this.scorecardOf(last);
      if (scored(before)) [card, period] = [before, last];
    }
    if (!this.stopped) renderScorecard(card, period);
  }

  /** On `stats.overview` pushes: the scorecard again, but never more often than its own refresh. */
  refreshScorecardSoon() {
    if (Date.now() - (this.scorecardAt ?? 0) >= SCORECARD_EVERY_MS) this.refreshScorecard().catch(() => {});
  }

  async scorecardOf(period) {
    try {
      return await get(`/evaluation/scorecards?scheme=${encodeURIComponent(SCHEME)}&period=${encodeURIComponent(period)}`);
    } catch (err) {
      if (err instanceof AuthError) throw err;
      return null;
    }
  }

  /** 共建: open demands, this year's claims and projects, the top recurring problems (party.mjs). */
  async refreshParty() {
    this.partyAt = Date.now();
    const party = await loadParty(this.user.regionCode);
    if (!this.stopped) renderParty(party);
  }

  /** After a new case (a hotspot may have grown), at most every PARTY_AFTER_CASE_MS. */
  refreshPartySoon() {
    if (Date.now() - (this.partyAt ?? 0) >= PARTY_AFTER_CASE_MS) this.refreshParty().catch(() => {});
  }

  async refreshRanking() {
    const r = await get('/stats/ranking?groupBy=department');
    if (!this.stopped) renderRanking(r.items ?? []);
  }

  async loadFeed() {
    const recent = await get('/cases?limit=20');
    if (!this.stopped) seedFeed(recent.items.filter((c) => this.belongs(c)));
  }

  belongs(c) {
    return this.inStreet(c.gridCode) || c.streetCode === this.user.regionCode;
  }

  isOpen(c) {
    return OPEN_STATUSES.includes(c.status) && this.belongs(c);
  }

  /** A case as an event carries it: on the map while open, off it otherwise. */
  applyCase(c, { fresh = false } = {}) {
    this.touched.set(c.id, performance.now());
    if (this.isOpen(c)) {
      const before = this.cases.get(c.id);
      if (before && Date.parse(before.updatedAt) > Date.parse(c.updatedAt)) return; // an older copy
      this.cases.set(c.id, c);
      this.map.upsert(c, { fresh });
    } else {
      this.cases.delete(c.id);
      this.map.remove(c.id);
    }
    // The overdue list keeps its own copies: the marks on them must not wait for its next refresh.
    const late = this.overdue?.findIndex((x) => x.id === c.id) ?? -1;
    if (late >= 0) this.overdue[late] = c;
    this.updateLegend();
    this.renderLists();
  }

  /** 督办 arrives with the case's id and due time only: marked at once, then the case itself is fetched. */
  applySupervision(body) {
    const known = this.cases.get(body.caseId) ?? this.overdue?.find((c) => c.id === body.caseId);
    if (known) this.applyCase(withSupervision(known, body));
    this.refetchCase(body.caseId);
  }

  /** SLA events carry only the id: fetch the case once to recolour its dot. */
  async refetchCase(id) {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    try {
      await new Promise((r) => setTimeout(r, 300));
      const c = await get(`/cases/${encodeURIComponent(id)}`);
      if (!this.stopped) this.applyCase(c);
    } catch (err) {
      if (!(err instanceof AuthError)) console.warn('case refresh failed', err);
    } finally {
      this.fetching.delete(id);
    }
  }

  updateLegend() {
    const n = this.map.counts();
    $('legend-ok').textContent = n.ok;
    $('legend-warning').textContent = n.warning;
    $('legend-breached').textContent = n.breached;
  }

  // ---------- live ----------

  setConnection(state, text) {
    const node = $('connection');
    node.dataset.state = state;
    node.textContent = text;
    document.body.dataset.connection = state;
  }

  feed(event, body) {
    const entry = feedEntry(event, body, (id) => this.cases.get(id) ?? this.overdue?.find((c) => c.id === id));
    if (entry) pushFeed(entry);
  }

  /** After a reconnect: the numbers, the dots and the overdue list again, so nothing is missed. */
  catchUp({ quiet = false } = {}) {
    if (!quiet) pushFeed({ at: new Date().toISOString(), verb: '恢复', tone: 'muted', code: '', detail: '实时连接已恢复，数据已刷新' });
    Promise.all([this.refreshOverview(), this.refreshCases(), this.refreshOverdue()]).catch((err) => {
      if (!(err instanceof AuthError)) console.warn('catch-up failed', err);
    });
  }
}

// ---------- screen, clock and first view ----------

/** Laid out for 1920×1080; any other screen (4K, LED wall, laptop) gets the same picture scaled to fit. */
function fitScreen() {
  const k = Math.min(innerWidth / 1920, innerHeight / 1080);
  document.body.style.zoom = Math.abs(k - 1) < 0.01 ? '' : String(k);
}
fitScreen();
addEventListener('resize', fitScreen);

function tick() {
  $('clock-time').textContent = clockTime();
  $('clock-date').textContent = clockDate();
}
tick();
setInterval(tick, 1000);

if (session.token && session.user && WALL_ROLES.includes(session.user.role)) start(session.user);
else showLogin();
