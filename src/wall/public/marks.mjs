// What the wall marks on a case: 紧急 (urgent priority) and 督办 (supervised, with the time asked for).
import { OPEN_STATUSES, esc, feedTime } from './format.mjs';

export const isUrgent = (c) => c?.priority === 'urgent';
/** Supervised and still open: once closed, the supervision is history, not something to press. */
export const isSupervised = (c) => Boolean(c?.supervisedAt) && OPEN_STATUSES.includes(c.status);

/** Urgent cases before the rest, whatever else orders them (`then`): the command centre acts on them first. */
export const urgentFirst =
  (then = () => 0) =>
  (a, b) =>
    Number(isUrgent(b)) - Number(isUrgent(a)) || then(a, b);

/** The case as a `case.supervised` event leaves it, until the refetched case says exactly. */
export function withSupervision(c, { dueAt = null } = {}, at = new Date().toISOString()) {
  return { ...c, supervisedAt: at, supervisionDueAt: dueAt, supervisionCount: (c.supervisionCount ?? 0) + 1 };
}

/** `紧急` and `督办 限14:30` (or `督办 已逾时`) badges, as HTML. */
export function badges(c, now = Date.now()) {
  const out = [];
  if (isUrgent(c)) out.push('<span class="mark mark-urgent">紧急</span>');
  if (isSupervised(c)) {
    const due = c.supervisionDueAt ? Date.parse(c.supervisionDueAt) : NaN;
    const when = Number.isFinite(due) ? (due <= now ? ' 已逾时' : ` 限${feedTime(c.supervisionDueAt)}`) : '';
    const late = Number.isFinite(due) && due <= now ? ' late' : '';
    out.push(`<span class="mark mark-supervised${late}" title="督办 ${c.supervisionCount ?? 1} 次">督办${esc(when)}</span>`);
  }
  return out.join('');
}

/** The same in words, for the map's tooltips. */
export function markWords(c) {
  const words = [];
  if (isUrgent(c)) words.push('紧急');
  if (isSupervised(c)) words.push(c.supervisionDueAt ? `督办（限${feedTime(c.supervisionDueAt)}）` : '督办');
  return words.join(' ');
}
