// 本月考核 (631): this month's scorecards of the departments, best first; 暂无数据 while there are none.
import { TIME_ZONE, esc } from './format.mjs';

export const SCHEME = 'xh-631';
const monthFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit' });
const $ = (id) => document.getElementById(id);

/** `YYYY-MM` of the district's calendar (Asia/Shanghai): at 07:30 on the 1st there, UTC is still last month. */
export function currentPeriod(now = new Date()) {
  const parts = Object.fromEntries(monthFmt.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
}

/** `2026-01` → `2025-12`. */
export function previousPeriod(period) {
  const [y, m] = period.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Whether an answer has any unit with a figure. */
export const scored = (card) => Array.isArray(card?.items) && card.items.some((c) => typeof c.total === 'number');

/** The three component columns: the scheme's own names when the cards carry them, else the 631 defaults. */
const DEFAULT_COMPONENTS = [
  { key: 'residents', name: '居民评价' },
  { key: 'routine', name: '基础工作' },
  { key: 'special', name: '专项工作' },
];

const score = (v, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(digits) : '—');

/** A scorecards answer `{ scheme, period, published, items }`, or null when there is nothing to show. */
export function renderScorecard(card, period) {
  // Units with no figure at all (total null) are not ranked: the wall shows those that were scored.
  const items = (Array.isArray(card?.items) ? card.items : []).filter((c) => typeof c.total === 'number');
  const columns = items[0]?.components?.length ? items[0].components.slice(0, 3) : DEFAULT_COMPONENTS;
  const stand = period === currentPeriod() ? '' : '上月 ';
  $('scorecard-period').textContent = `${stand}${period.replace('-', '年')}月${card?.published ? ' · 已发布' : items.length ? ' · 未发布' : ''}`;
  $('scorecard-head').innerHTML = `<tr><th class="num">#</th><th>部门</th><th class="num">总分</th>${columns
    .map((c) => `<th class="num" title="${esc(c.name)}${c.weight ? ` ${Math.round(c.weight * 100)}%` : ''}">${esc(shortName(c))}</th>`)
    .join('')}</tr>`;
  const body = $('scorecard');
  if (items.length === 0) {
    body.innerHTML = `<tr class="empty"><td colspan="${3 + columns.length}">暂无数据</td></tr>`;
    return;
  }
  const rows = [...items].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  body.innerHTML = rows
    .map((r, i) => {
      const parts = columns.map((col) => r.components?.find((x) => x.key === col.key)?.score);
      return `<tr data-code="${esc(r.code)}"><td class="num rank">${esc(r.rank ?? i + 1)}</td><td>${esc(r.name)}</td>
        <td class="num total">${score(r.total)}</td>${parts.map((p) => `<td class="num">${score(p, 0)}</td>`).join('')}</tr>`;
    })
    .join('');
  // Only whole rows: what does not fit is hidden, not cut in half.
  const bottom = body.closest('.panel').getBoundingClientRect().bottom - 8;
  let full = false;
  for (const tr of body.children) tr.hidden = full ||= tr.getBoundingClientRect().bottom > bottom;
}

/** Two characters fit a column of numbers on the wall: the 631's own short words, else the name's first two. */
const SHORT = { residents: '满意', routine: '日常', special: '专项' };
const shortName = (c) => SHORT[c.key] ?? (c.name.length > 2 ? c.name.slice(0, 2) : c.name);
