// The staff field app: login, then the caller's work by role, kept current over /live.
import { AuthError, get, login, session, whenUnauthorized } from './api.mjs';
import { ROLE_LABELS, names, tickDeadlines } from './ui.mjs';
import { HolderView } from './holder.mjs';
import { InspectorView } from './inspector.mjs';
import { LiaisonView } from './liaison.mjs';

const $ = (id) => document.getElementById(id);
const VIEWS = { inspector: InspectorView, liaison: LiaisonView, neighbourhood: HolderView, area: HolderView };

/** The running session (view + socket); dropped on logout. */
let running = null;

function showLogin(message = '') {
  document.body.dataset.view = 'login';
  $('app').hidden = true;
  $('login').hidden = false;
  $('login-error').textContent = message;
  $('login-submit').disabled = false;
  $('login-password').value = '';
}

function logout(message = '') {
  running?.stop();
  running = null;
  session.clear();
  showLogin(message);
}
whenUnauthorized((message) => {
  if (running || session.token) logout(message);
});

$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const username = $('login-username').value.trim();
  const password = $('login-password').value;
  if (!username || !password) return void ($('login-error').textContent = '请输入用户名和密码');
  $('login-submit').disabled = true;
  $('login-error').textContent = '';
  try {
    const { accessToken, user } = await login(username, password);
    if (!VIEWS[user.role]) {
      return showLogin(`“${ROLE_LABELS[user.role] ?? user.role}”账号请使用电脑端，本工作台供巡查员、联络员、居民区和片区使用`);
    }
    session.save(accessToken, user);
    start(user);
  } catch (err) {
    showLogin(err.message);
  }
});
$('logout').addEventListener('click', () => logout());

function start(user) {
  document.body.dataset.view = 'app';
  $('login').hidden = true;
  $('app').hidden = false;
  $('who-name').textContent = user.displayName || user.username;
  $('who-role').textContent = ROLE_LABELS[user.role] ?? user.role;
  running = new Session(user);
  running.boot();
}

class Session {
  constructor(user) {
    this.user = user;
    this.stopped = false;
    this.view = new VIEWS[user.role](user, { notify: (t) => this.notify(t) });
    this.clock = setInterval(() => tickDeadlines(), 15_000);
  }

  async boot() {
    try {
      if (!names.categories.size) {
        const { items } = await get('/categories');
        names.categories = new Map(items.map((c) => [c.code, c]));
      }
      if (this.stopped) return;
      this.connect(); // before the first load, so no event falls between the two
      this.view.mount($('view'), $('tabs'));
      await this.view.refresh();
      document.body.dataset.ready = 'true';
    } catch (err) {
      if (err instanceof AuthError || this.stopped) return;
      this.notify(`加载失败：${err.message}，正在重试…`);
      setTimeout(() => !this.stopped && this.view.refresh().catch(() => {}), 5000);
    }
  }

  notify(text) {
    const n = $('notice');
    n.textContent = text;
    clearTimeout(this.noticeTimer);
    if (text) this.noticeTimer = setTimeout(() => (n.textContent = ''), 6000);
  }

  banner(text) {
    const b = $('banner');
    b.textContent = text;
    b.hidden = !text;
    document.body.dataset.live = text ? 'down' : 'up';
  }

  /** Any event of the caller's jurisdiction refetches the visible list (debounced: a burst is one fetch). */
  changed() {
    clearTimeout(this.refetch);
    this.refetch = setTimeout(() => !this.stopped && this.view.refresh().catch(() => {}), 250);
  }

  connect() {
    if (typeof io !== 'function') return this.banner('实时通道不可用，请刷新页面');
    const socket = io('/live', { auth: { token: session.token }, forceNew: true, reconnectionDelayMax: 5_000 });
    this.socket = socket;
    let connectedBefore = false;
    socket.on('connect', () => {
      this.banner('');
      if (connectedBefore) this.changed(); // catch up on whatever happened while away
      connectedBefore = true;
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.banner('连接已断开，正在重连…');
      // Closed by the server on purpose: socket.io does not retry that by itself.
      if (reason === 'io server disconnect') setTimeout(() => !this.stopped && socket.connect(), 1000);
    });
    socket.on('connect_error', (err) => {
      if (this.stopped) return;
      if (/unauthori[sz]ed|token|jwt/i.test(err?.message ?? '')) return logout('登录已失效，请重新登录');
      this.banner('连接已断开，正在重连…');
      if (!socket.active) setTimeout(() => !this.stopped && socket.connect(), 3000);
    });
    for (const name of ['case.created', 'case.updated', 'task.updated']) socket.on(name, () => this.changed());
  }

  stop() {
    this.stopped = true;
    clearInterval(this.clock);
    clearTimeout(this.refetch);
    this.socket?.off();
    this.socket?.disconnect();
    this.socket = null;
    $('view').replaceChildren();
    $('tabs').replaceChildren();
    $('tabs').hidden = true;
    $('banner').hidden = true;
    document.body.removeAttribute('data-ready');
  }
}

if (session.token && session.user && VIEWS[session.user.role]) start(session.user);
else showLogin();
