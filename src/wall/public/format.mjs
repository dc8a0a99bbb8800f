// Words and numbers of the wall: Chinese labels, times in the city's zone, durations, escaping.

/** The demo city's calendar zone: "today" of the statistics is counted here too. */
export const TIME_ZONE = 'Asia/Shanghai';

export const RUNG_LABELS = { grid: '网格', neighbourhood: '居民区', area: '片区', street: '街道', department: '职能部门' };
export const RUNGS = Object.keys(RUNG_LABELS);
export const OPEN_STATUSES = ['pending', 'in_progress', 'resolved'];
export const SLA_LABELS = { ok: '正常', warning: '预警', breached: '超期' };
export const STAGE_LABELS = { rung: '层级处置', claim: '签收', handle: '处置', verify: '核查' };
export const ROLE_LABELS = {
  inspector: '网格巡查员',
  neighbourhood: '居民区',
  area: '片区',
  street: '街道值班',
  liaison: '部门联络员',
  display: '指挥大屏',
  admin: '系统管理员',
};

/** `case.updated` changes → what the feed says. */
export const CHANGE_LABELS = {
  claimed: '签收',
  resolved: '处置',
  escalated: '上报',
  whistled: '吹哨',
  dispatched: '派单',
  verified: '核查',
  reworked: '返工',
  closed: '办结',
  merged: '合并',
  cancelled: '撤销',
  reopened: '重新处置',
};
/** `task.updated` changes → what the feed says. */
export const TASK_CHANGE_LABELS = { created: '派单', claimed: '报到', completed: '处置', returned: '退单', extended: '延期' };
/** Tone of a feed line: colours the verb. */
export const CHANGE_TONES = {
  created: 'info',
  claimed: 'info',
  resolved: 'good',
  escalated: 'warn',
  whistled: 'warn',
  dispatched: 'info',
  verified: 'good',
  reworked: 'warn',
  closed: 'good',
  merged: 'muted',
  cancelled: 'muted',
  reopened: 'warn',
  warning: 'warn',
  breached: 'bad',
  returned: 'warn',
  extended: 'muted',
  completed: 'good',
};

const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const shortTimeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false });
const dateFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });
const dayFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: TIME_ZONE, month: '2-digit', day: '2-digit' });

export const clockTime = (d = new Date()) => timeFmt.format(d);
export const clockDate = (d = new Date()) => dateFmt.format(d);

/** `14:03`, or `11-21 14:03` when not today. */
export function feedTime(iso) {
  const d = new Date(iso);
  const sameDay = dayFmt.format(d) === dayFmt.format(new Date());
  return sameDay ? shortTimeFmt.format(d) : `${dayFmt.format(d)} ${shortTimeFmt.format(d)}`;
}

/** `3天4时`, `2时15分`, `12分`, `<1分`. */
export function duration(ms) {
  const m = Math.max(0, Math.floor(ms / 60000));
  if (m < 1) return '<1分';
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return `${d}天${h}时`;
  if (h > 0) return `${h}时${String(min).padStart(2, '0')}分`;
  return `${min}分`;
}

/** 0..1 or null → `87.5%` / `—`. */
export function percent(rate) {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—';
  const p = rate * 100;
  return `${p >= 99.95 || p === 0 ? p.toFixed(0) : p.toFixed(1)}%`;
}

export const number = (n) => (typeof n === 'number' && Number.isFinite(n) ? n.toLocaleString('zh-CN') : '–');

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
