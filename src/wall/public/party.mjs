// 共建 (区域化党建): the street's open demands, this year's claims and active projects, and its top
// recurring problems — each from its own REST answer. A figure whose answer does not come (a route
// this server lacks, 403, an outage) is hidden rather than shown as zero; with none at all the
// panel says 暂无数据.
import { AuthError, get } from './api.mjs';
import { TIME_ZONE, esc, number } from './format.mjs';
import { names } from './panels.mjs';

const $ = (id) => document.getElementById(id);
const yearFmt = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric' });
const TOP = 3;
const MAX_DEMANDS = 2000;

/** The year of the district's calendar (Asia/Shanghai). */
export const currentYear = (now = new Date()) => yearFmt.format(now);

/** An answer, or null when it cannot be had; a 401 still ends the session. */
async function tryGet(path) {
  try {
    return await get(path);
  } catch (err) {
    if (err instanceof AuthError) throw err;
    return null;
  }
}

/** The open demands (待认领) of the street's subtree: counted over their pages, up to MAX_DEMANDS. */
async function openDemands(region) {
  let count = 0;
  let cursor = null;
  do {
    const page = await tryGet(`/demands?regionCode=${region}&status=open&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (!Array.isArray(page?.items)) return null;
    count += page.items.length;
    cursor = page.nextCursor ?? null;
  } while (cursor && count < MAX_DEMANDS);
  return count;
}

/** Fetches the panel's figures for `regionCode` (the wall's street); each is null when it cannot be fetched. */
export async function loadParty(regionCode) {
  const region = encodeURIComponent(regionCode);
  const [demands, claims, hotspots] = await Promise.all([
    openDemands(region),
    tryGet(`/stats/claims?regionCode=${region}&year=${currentYear()}`),
    tryGet(`/stats/hotspots?regionCode=${region}`),
  ]);
  const count = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    openDemands: demands,
    claimed: count(claims?.claimed),
    activeProjects: count(claims?.projects?.active),
    hotspots: Array.isArray(hotspots?.items) ? hotspots.items.slice(0, TOP) : null,
  };
}

function setTile(id, value) {
  const tile = $(id).closest('.party-tile');
  tile.hidden = value === null;
  $(id).textContent = value === null ? '–' : number(value);
}

/** Renders what `loadParty` fetched. */
export function renderParty(p) {
  setTile('party-open-demands', p.openDemands);
  setTile('party-claimed', p.claimed);
  setTile('party-active-projects', p.activeProjects);
  $('party-year').textContent = p.claimed === null && p.activeProjects === null ? '' : `${currentYear()}年`;
  const list = $('party-hotspots');
  list.closest('.party-hotspots').hidden = p.hotspots === null;
  if (p.hotspots) {
    list.innerHTML = p.hotspots.length
      ? p.hotspots
          .map((h) => {
            const grid = names.regions.get(h.gridCode)?.name ?? h.gridCode;
            const category = names.categories.get(h.categoryCode)?.name ?? h.categoryCode;
            const raised = h.demandId ? '<span class="mark mark-demand">已立需求</span>' : '';
            return `<li data-grid="${esc(h.gridCode)}" data-category="${esc(h.categoryCode)}"><span class="hs-what"><b>${esc(grid)}</b><span class="hs-category">${esc(category)}</span></span>${raised}<strong class="hs-count">${number(h.count)}</strong></li>`;
          })
          .join('')
      : '<li class="empty">近30日无高发问题</li>';
  }
  const nothing = p.openDemands === null && p.claimed === null && p.activeProjects === null && p.hotspots === null;
  $('party-empty').hidden = !nothing;
}
