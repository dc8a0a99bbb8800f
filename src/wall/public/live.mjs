// The wall's live channel: socket.io on /live, reconnecting by itself, every event applied to the wall.
import { session } from './api.mjs';
import { renderOverview } from './panels.mjs';

/** Connects `w` (the Wall) to /live and wires each event to it; the socket, or none without socket.io. A refused token ends in `expired`. */
export function connectLive(w, expired) {
  if (typeof io !== 'function') {
    w.setConnection('down', '实时通道不可用（未加载 socket.io 客户端）');
    return;
  }
  w.setConnection('connecting', '正在连接实时通道…');
  // forceNew: a manager of its own, so nothing of a previous session's socket lingers after logout.
  const socket = io('/live', { auth: { token: session.token }, forceNew: true, reconnectionDelayMax: 5_000 });
  let connectedBefore = false;
  let attempts = 0;

  socket.on('connect', () => {
    w.setConnection('up', '● 实时连接');
    // Anything may have happened while we were away (or before the first connection, if it was slow).
    if (connectedBefore || document.body.dataset.ready) w.catchUp({ quiet: !connectedBefore });
    connectedBefore = true;
    attempts = 0;
  });
  socket.on('disconnect', (reason) => {
    if (w.stopped) return;
    w.setConnection('down', '连接中断，正在重连…');
    // The server closed us on purpose (e.g. restart of the namespace): socket.io will not retry by itself.
    if (reason === 'io server disconnect') setTimeout(() => !w.stopped && socket.connect(), 1000);
  });
  socket.io.on('reconnect_attempt', (n) => {
    if (w.stopped) return;
    attempts = n;
    w.setConnection('down', `连接中断，正在重连…（第 ${n} 次）`);
  });
  socket.on('connect_error', (err) => {
    if (w.stopped) return;
    if (/unauthori[sz]ed|token|jwt/i.test(err?.message ?? '')) return expired('登录已失效，请重新登录');
    w.setConnection('down', attempts ? `连接中断，正在重连…（第 ${attempts} 次）` : '连接中断，正在重连…');
    // Refused by the namespace for another reason: the manager does not retry that, so we do.
    if (!socket.active) setTimeout(() => !w.stopped && socket.connect(), 3000);
  });

  socket.on('stats.overview', (o) => {
    if (o.regionCode && o.regionCode !== w.user.regionCode) return;
    renderOverview(o);
    w.refreshScorecardSoon();
  });
  socket.on('case.supervised', (body) => {
    if (!body?.caseId) return;
    w.feed('case.supervised', body);
    w.applySupervision(body);
  });
  socket.on('case.created', (body) => {
    if (!body?.case || !w.belongs(body.case)) return;
    w.applyCase(body.case, { fresh: true });
    w.feed('case.created', body);
    w.refreshPartySoon();
  });
  socket.on('case.updated', (body) => {
    if (!body?.case || !w.belongs(body.case)) return;
    const wasLate = w.overdue?.some((c) => c.id === body.case.id);
    w.applyCase(body.case);
    w.feed('case.updated', body);
    if (wasLate || body.case.sla?.state === 'breached') w.scheduleOverdue();
  });
  socket.on('task.updated', (body) => {
    if (!body?.caseId) return;
    if (!w.cases.has(body.caseId) && !w.overdue?.some((c) => c.id === body.caseId)) return;
    w.feed('task.updated', body);
    w.refetchCase(body.caseId);
    w.scheduleOverdue();
  });
  for (const name of ['sla.warning', 'sla.breached']) {
    socket.on(name, (body) => {
      if (!body?.caseId) return;
      w.feed(name, body);
      w.refetchCase(body.caseId);
      if (name === 'sla.breached') w.scheduleOverdue();
    });
  }
  return socket;
}
