// The wall's panels: counters, ladder and category bars, the overdue list, the ranking and the feed.
import {
  CHANGE_LABELS,
  CHANGE_TONES,
  RUNG_LABELS,
  RUNGS,
  SLA_LABELS,
  STAGE_LABELS,
  TASK_CHANGE_LABELS,
  duration,
  esc,
  feedTime,
  number,
  percent,
} from './format.mjs';
import { badges, isSupervised, isUrgent, urgentFirst } from './marks.mjs';

const $ = (id) => document.getElementById(id);
const FEED_SIZE = 20;

/** Reference data, filled once after login: names by code. */
export const names = { regions: new Map(), categories: new Map(), departments: new Map() };
const categoryName = (code) => names.categories.get(code)?.name ?? code ?? '';
const departmentName = (code) => names.departments.get(code)?.name ?? code;
const regionName = (code) => names.regions.get(code)?.name ?? code ?? '';

/** Sets a counter, flashing it when it changes. */
function setCount(id, value) {
  const node = $(id);
  const text = number(value);
  if (node.textContent === text) return;
  const before = node.textContent;
  node.textContent = text;
  if (before !== '–') {
    node.classList.remove('bump');
    void node.offsetWidth; // restart the animation
    node.classList.add('bump');
  }
}

function bars(list, rows) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  list.replaceChildren(
    ...rows.map((r) => {
      const li = document.createElement('li');
      li.className = r.className ?? '';
      li.innerHTML = `<span class="bar-label">${esc(r.label)}</span><span class="bar-track"><span class="bar-fill"></span></span><b class="bar-value">${number(r.value)}</b>`;
      li.querySelector('.bar-fill').style.width = `${(100 * r.value) / max}%`;
      return li;
    }),
  );
}

/** `GET /api/stats/overview` or the `stats.overview` event. */
export function renderOverview(o) {
  setCount('count-open', o.open);
  setCount('count-pending', o.pending);
  setCount('count-in-progress', o.inProgress);
  setCount('count-resolved', o.resolved);
  setCount('count-overdue', o.overdue);
  setCount('count-warning', o.warning);
  setCount('count-created-today', o.createdToday);
  setCount('count-closed-today', o.closedToday);
  $('count-overdue')
    .closest('.tile')
    .classList.toggle('alarm', o.overdue > 0);
  bars(
    $('rungs'),
    RUNGS.map((r) => ({ label: RUNG_LABELS[r], value: o.byRung?.[r] ?? 0, className: `rung-${r}` })),
  );
  const cats = (o.byCategory ?? []).filter((c) => c.open > 0).slice(0, 5);
  bars($('categories'), cats.length ? cats.map((c) => ({ label: c.name, value: c.open })) : [{ label: '暂无在办案件', value: 0 }]);
}

/** Who holds a case, in words: late departments first, then the departments or the holding region. */
export function holderOf(c) {
  const live = (c.tasks ?? []).filter((t) => !t.recalled && (t.status === 'pending' || t.status === 'claimed'));
  const late = live.filter((t) => t.overdue);
  if (late.length) return late.map((t) => `${departmentName(t.departmentCode)}${t.status === 'pending' ? '·未报到' : '·未办结'}`).join('、');
  if (c.rung === 'department' && live.length) return live.map((t) => departmentName(t.departmentCode)).join('、');
  return `${RUNG_LABELS[c.rung] ?? ''}·${regionName(c.holderRegionCode)}`;
}

/** Where a case now sits: its departments, or its rung and holding region. */
function heldBy(c) {
  const live = (c.tasks ?? []).filter((t) => !t.recalled && t.status !== 'returned' && t.status !== 'done');
  if (c.rung === 'department' && live.length) return live.map((t) => departmentName(t.departmentCode)).join('、');
  return `${RUNG_LABELS[c.rung] ?? ''}·${regionName(c.holderRegionCode)}`;
}

/** How long past its earliest missed deadline a case is (ms), or 0. */
export function lateness(c, now = Date.now()) {
  const dues = [];
  if (c.sla?.dueAt) dues.push(Date.parse(c.sla.dueAt));
  for (const t of c.tasks ?? []) {
    if (!t.overdue) continue;
    dues.push(Date.parse(t.status === 'pending' ? t.claimDueAt : t.handleDueAt));
  }
  const past = dues.filter((d) => Number.isFinite(d) && d <= now);
  return past.length ? now - Math.min(...past) : 0;
}

/** Shows as many rows as fit in the panel; counts the rest. */
function fitRows(list, more, total) {
  const box = list.closest('.panel');
  const limit = box.getBoundingClientRect().bottom - 8; // `more` sits in the panel's title row
  let shown = 0;
  let full = false;
  for (const row of list.children) {
    row.hidden = full ||= row.getBoundingClientRect().bottom > limit;
    if (!full) shown += 1;
  }
  if (more) more.textContent = total > shown ? `另有 ${total - shown} 件未显示` : '';
}

/** `GET /api/cases?overdue=true`: urgent first, then most late first. */
export function renderOverdue(cases) {
  const now = Date.now();
  const rows = [...cases].sort(urgentFirst((a, b) => lateness(b, now) - lateness(a, now)));
  const list = $('overdue-list');
  $('overdue-total').textContent = rows.length ? `共 ${rows.length} 件` : '';
  $('overdue-more').textContent = '';
  if (rows.length === 0) {
    list.innerHTML = '<li class="empty">暂无超期案件</li>';
    return;
  }
  list.innerHTML = rows
    .map((c) => {
      const stage = STAGE_LABELS[c.sla?.stage] ?? '';
      return `<li data-case-id="${esc(c.id)}"${isUrgent(c) ? ' class="urgent"' : ''}><div class="ov-main"><b class="code">${esc(c.code)}</b>
        <span class="ov-what">${badges(c, now)}${esc(categoryName(c.categoryCode))}<i>·</i><span class="holder">${esc(holderOf(c))}</span></span></div>
        <div class="ov-late" title="${esc(stage)}"><small>超时</small><b>${esc(duration(lateness(c, now)))}</b></div></li>`;
    })
    .join('');
  fitRows(list, $('overdue-more'), rows.length);
}

/** A supervision's asked-for time: the nearest first, none named last. */
const supervisionDue = (c) => (isSupervised(c) && c.supervisionDueAt ? Date.parse(c.supervisionDueAt) : Infinity);

/** 重点案件: the open cases that are urgent or supervised — urgent first, then by the time the supervision asked for. */
export function renderFocus(cases) {
  const now = Date.now();
  const rows = cases
    .filter((c) => isUrgent(c) || isSupervised(c))
    .sort(urgentFirst((a, b) => supervisionDue(a) - supervisionDue(b) || Date.parse(b.createdAt) - Date.parse(a.createdAt)));
  const list = $('focus-list');
  $('focus-more').textContent = '';
  if (rows.length === 0) {
    list.innerHTML = '<li class="empty">暂无紧急或督办案件</li>';
    return;
  }
  list.innerHTML = rows
    .map((c) => {
      const state = c.sla?.state ?? 'ok';
      return `<li data-case-id="${esc(c.id)}"${isUrgent(c) ? ' class="urgent"' : ''}><div class="ov-main"><b class="code">${esc(c.code)}</b>
        <span class="ov-what">${badges(c, now)}${esc(categoryName(c.categoryCode))}<i>·</i><span class="holder">${esc(holderOf(c))}</span></span></div>
        <b class="sla-word sla-${esc(state)}">${esc(SLA_LABELS[state] ?? state)}</b></li>`;
    })
    .join('');
  fitRows(list, $('focus-more'), rows.length);
}

/** `GET /api/stats/ranking?groupBy=department`: best on-time rate first, no data last. */
export function renderRanking(items) {
  const key = (r) => (r.onTimeRate === null || r.onTimeRate === undefined ? -1 : r.onTimeRate);
  const rows = [...items].sort((a, b) => key(b) - key(a) || (b.closureRate ?? -1) - (a.closureRate ?? -1) || b.received - a.received);
  const tbody = $('ranking');
  if (rows.length === 0) {
    tbody.innerHTML = '<tr class="empty"><td colspan="5">暂无数据</td></tr>';
    return;
  }
  tbody.innerHTML = rows
    .map((r, i) => {
      const rate = r.onTimeRate ?? 0;
      const tone = r.onTimeRate === null || r.onTimeRate === undefined ? 'none' : rate >= 0.9 ? 'good' : rate >= 0.7 ? 'fair' : 'poor';
      return `<tr data-code="${esc(r.code)}"><td class="num rank">${i + 1}</td><td>${esc(r.name)}</td><td class="num">${number(r.received)}</td>
        <td class="rate ${tone}"><div class="rate-cell"><span class="meter"><span></span></span><b>${percent(r.onTimeRate)}</b></div></td><td class="num">${percent(r.closureRate)}</td></tr>`;
    })
    .join('');
  rows.forEach((r, i) => {
    tbody.children[i].querySelector('.meter span').style.width = `${Math.round((r.onTimeRate ?? 0) * 100)}%`;
  });
  fitRows(tbody, null, rows.length);
}

// ---------- feed ----------

const feed = [];

/** A feed line: `{ at, code, caseId, verb, tone, detail }`. Newest first, ~20 kept. */
export function pushFeed(entry, { render = true } = {}) {
  feed.push(entry);
  feed.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  feed.splice(FEED_SIZE);
  if (render) renderFeed(entry);
}

export function renderFeed(fresh) {
  $('feed').replaceChildren(
    ...feed.map((e) => {
      const li = document.createElement('li');
      li.className = `feed-item tone-${e.tone ?? 'info'}${e === fresh ? ' fresh' : ''}${e.history ? ' history' : ''}`;
      if (e.caseId) li.dataset.caseId = e.caseId;
      li.innerHTML = `<time>${esc(feedTime(e.at))}</time><span class="verb">${esc(e.verb)}</span>
        <span class="what"><b class="code">${esc(e.code ?? '')}</b><span class="detail">${esc(e.detail ?? '')}</span></span>`;
      return li;
    }),
  );
  // Only whole lines: what does not fit is hidden, not cut in half.
  const bottom = $('feed').getBoundingClientRect().bottom;
  let full = false;
  for (const li of $('feed').children) li.hidden = full ||= li.getBoundingClientRect().bottom > bottom + 1;
}

const SOURCES = { patrol: '巡查发现', hotline: '12345热线', wall: '中心受理', resident: '居民扫码', public: '居民扫码', open311: '外部平台' };

/** Turns a live event into a feed line. */
export function feedEntry(event, body, known) {
  const now = new Date().toISOString();
  const c = body.case;
  if (event === 'case.created') {
    const detail = `${isUrgent(c) ? '紧急 · ' : ''}${categoryName(c.categoryCode)} · ${SOURCES[c.source] ?? regionName(c.gridCode)}`;
    if (c.status === 'merged')
      return { at: now, code: c.code, caseId: c.id, verb: '合并', tone: 'muted', detail: `${categoryName(c.categoryCode)} · 重复上报，已并案` };
    if (c.status === 'closed')
      return { at: now, code: c.code, caseId: c.id, verb: '办结', tone: 'good', detail: `${categoryName(c.categoryCode)} · 自处置` };
    return { at: now, code: c.code, caseId: c.id, verb: '受理', tone: 'info', detail };
  }
  if (event === 'case.updated') {
    const where = ['escalated', 'whistled', 'dispatched', 'reworked', 'reopened'].includes(body.change)
      ? `→ ${heldBy(c)}`
      : ({ resolved: '待核查', verified: '核查通过', merged: '已并案' }[body.change] ?? '');
    // A passed check closes the case: the wall counts it as 办结.
    const verb = body.change === 'verified' ? '办结' : (CHANGE_LABELS[body.change] ?? body.change);
    return {
      at: now,
      code: c.code,
      caseId: c.id,
      verb,
      tone: CHANGE_TONES[body.change],
      detail: [categoryName(c.categoryCode), where].filter(Boolean).join(' · '),
    };
  }
  if (event === 'task.updated') {
    const k = known(body.caseId);
    const verb = TASK_CHANGE_LABELS[body.change] ?? body.change;
    const dept = departmentName(body.task?.departmentCode);
    return {
      at: now,
      code: k?.code ?? '',
      caseId: body.caseId,
      verb,
      tone: CHANGE_TONES[body.change] ?? 'info',
      detail: [dept, k && categoryName(k.categoryCode)].filter(Boolean).join(' · '),
    };
  }
  if (event === 'case.supervised') {
    const k = known(body.caseId);
    const due = body.dueAt ? `限${feedTime(body.dueAt)}` : '';
    const detail = [k && categoryName(k.categoryCode), body.by, due, body.note].filter(Boolean).join(' · ');
    return { at: now, code: body.code, caseId: body.caseId, verb: '督办', tone: 'warn', detail };
  }
  if (event === 'sla.warning' || event === 'sla.breached') {
    const k = known(body.caseId);
    const stage = STAGE_LABELS[body.stage] ?? body.stage;
    const action = { escalated: '，自动上报', whistled: '，自动吹哨' }[body.action] ?? '';
    const task = body.taskId && k?.tasks?.find((t) => t.id === body.taskId);
    const who = task ? departmentName(task.departmentCode) : '';
    const detail = [k && categoryName(k.categoryCode), `${who}${stage}${event === 'sla.warning' ? '即将到期' : '已超时'}${action}`]
      .filter(Boolean)
      .join(' · ');
    return event === 'sla.warning'
      ? { at: now, code: body.code, caseId: body.caseId, verb: '预警', tone: 'warn', detail }
      : { at: now, code: body.code, caseId: body.caseId, verb: '超期', tone: 'bad', detail };
  }
  return null;
}

/** The feed before any live event: the latest cases' intake and closure. */
export function seedFeed(recent) {
  feed.length = 0;
  for (const c of recent) {
    pushFeed(
      {
        at: c.createdAt,
        code: c.code,
        caseId: c.id,
        verb: c.status === 'merged' ? '合并' : '受理',
        tone: 'info',
        detail: categoryName(c.categoryCode),
        history: true,
      },
      { render: false },
    );
    const end = { closed: ['办结', 'good'], cancelled: ['撤销', 'muted'] }[c.status];
    const at = c.closedAt ?? c.updatedAt;
    if (end && at)
      pushFeed(
        { at, code: c.code, caseId: c.id, verb: end[0], tone: end[1], detail: categoryName(c.categoryCode), history: true },
        { render: false },
      );
  }
  renderFeed();
}
