// The street's grids as an SVG map, with one dot per open case coloured by its SLA state.

import { isSupervised, isUrgent } from './marks.mjs';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 1000; // viewBox units across; the height follows the street's shape
const PAD = 14;
const STATES = ['ok', 'warning', 'breached'];

function el(name, attrs = {}, parent) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  parent?.appendChild(node);
  return node;
}

const rings = (geometry) =>
  geometry?.type === 'Polygon' ? geometry.coordinates : geometry?.type === 'MultiPolygon' ? geometry.coordinates.flat() : [];

/** The centre of a region: its `center` if the API gave one, else the mean of its outer ring. */
export function centreOf(region) {
  if (region.center && Number.isFinite(region.center.lat)) return { lat: region.center.lat, lng: region.center.lng };
  const ring = rings(region.boundary)[0] ?? [];
  const pts = ring.length > 1 ? ring.slice(0, -1) : ring;
  if (pts.length === 0) return null;
  return { lng: pts.reduce((s, p) => s + p[0], 0) / pts.length, lat: pts.reduce((s, p) => s + p[1], 0) / pts.length };
}

/** A small stable offset (viewBox units) so cases without a location do not hide each other. */
function spread(id) {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  const angle = ((h >>> 0) % 360) * (Math.PI / 180);
  const radius = 6 + ((h >>> 9) % 14);
  return [Math.cos(angle) * radius, Math.sin(angle) * radius];
}

export class WallMap {
  /** @param container the `#map` element */
  constructor(container) {
    this.container = container;
    this.dots = new Map(); // case id → { node, gridCode }
    this.gridNodes = new Map(); // grid code → path
    this.gridCentres = new Map(); // grid code → [x, y]
    this.describe = (c) => c.code;
  }

  /**
   * Draws the street: `grids` filled by load, `neighbourhoods` and `areas` as outlines, area names.
   * Every region: `{ code, name, boundary, center? }`.
   */
  draw({ grids, neighbourhoods = [], areas = [] }) {
    const all = [...grids, ...neighbourhoods, ...areas].flatMap((r) => rings(r.boundary)).flat();
    if (all.length === 0) throw new Error('no grid boundaries');
    const lngs = all.map((p) => p[0]);
    const lats = all.map((p) => p[1]);
    const [minLng, maxLng, minLat, maxLat] = [Math.min(...lngs), Math.max(...lngs), Math.min(...lats), Math.max(...lats)];
    const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const scale = (WIDTH - 2 * PAD) / Math.max((maxLng - minLng) * kx, 1e-9);
    const height = (maxLat - minLat) * scale + 2 * PAD;
    this.project = (lng, lat) => [PAD + (lng - minLng) * kx * scale, PAD + (maxLat - lat) * scale];

    const svg = el('svg', { viewBox: `0 0 ${WIDTH} ${height.toFixed(1)}`, preserveAspectRatio: 'xMidYMid meet', role: 'img' });
    const pathOf = (r) =>
      rings(r.boundary)
        .map(
          (ring) =>
            `M${ring
              .map(([lng, lat]) =>
                this.project(lng, lat)
                  .map((v) => v.toFixed(1))
                  .join(','),
              )
              .join('L')}Z`,
        )
        .join('');
    const gGrids = el('g', { class: 'grids' }, svg);
    for (const g of grids) {
      const path = el('path', { d: pathOf(g), class: 'grid', 'data-grid-code': g.code, 'fill-opacity': 0.06 }, gGrids);
      el('title', {}, path).textContent = g.name;
      this.gridNodes.set(g.code, path);
      const c = centreOf(g);
      if (c) this.gridCentres.set(g.code, this.project(c.lng, c.lat));
    }
    const gNb = el('g', { class: 'neighbourhoods' }, svg);
    for (const n of neighbourhoods) el('path', { d: pathOf(n), class: 'neighbourhood' }, gNb);
    const gAreas = el('g', { class: 'areas' }, svg);
    for (const a of areas) el('path', { d: pathOf(a), class: 'area' }, gAreas);
    const gLabels = el('g', { class: 'labels' }, svg);
    for (const n of neighbourhoods) {
      const c = centreOf(n);
      if (!c) continue;
      const [x, y] = this.project(c.lng, c.lat);
      el('text', { x: x.toFixed(1), y: y.toFixed(1), class: 'nb-label' }, gLabels).textContent = n.name;
    }
    for (const a of areas) {
      const ring = rings(a.boundary)[0] ?? [];
      if (ring.length === 0) continue;
      // Top-left inside corner of the area, so its name never sits on the dots in the middle.
      const [x, y] = this.project(Math.min(...ring.map((p) => p[0])), Math.max(...ring.map((p) => p[1])));
      el('text', { x: (x + 8).toFixed(1), y: (y + 34).toFixed(1), class: 'area-label' }, gLabels).textContent = a.name;
    }
    this.layers = Object.fromEntries(STATES.map((s) => [s, el('g', { class: `dots dots-${s}` }, svg)]));
    this.container.replaceChildren(svg);
    this.svg = svg;
    for (const { node } of this.dots.values()) this.place(node, node.__case);
  }

  has(id) {
    return this.dots.has(id);
  }

  /** Adds or moves the dot of an open case (or removes it if the case is no longer open / not ours). */
  upsert(c, { fresh = false } = {}) {
    const xy = this.svg ? this.position(c) : null;
    if (!xy) return this.remove(c.id);
    let entry = this.dots.get(c.id);
    if (!entry) {
      const node = el('circle', { r: 10, class: 'case-dot', 'data-case-id': c.id });
      el('title', {}, node);
      entry = { node };
      this.dots.set(c.id, entry);
    }
    entry.gridCode = c.gridCode;
    this.place(entry.node, c, xy);
    if (fresh) {
      entry.node.classList.add('fresh');
      setTimeout(() => entry.node.classList.remove('fresh'), 8000);
    }
    this.shade();
    return true;
  }

  remove(id) {
    const entry = this.dots.get(id);
    if (!entry) return false;
    entry.node.remove();
    this.dots.delete(id);
    this.shade();
    return false;
  }

  /** Replaces every dot with these cases (after a reconnect or a periodic refresh). */
  replaceAll(cases) {
    const keep = new Set(cases.map((c) => c.id));
    for (const id of [...this.dots.keys()]) if (!keep.has(id)) this.remove(id);
    for (const c of cases) this.upsert(c);
    this.shade();
  }

  /** How many dots are in each SLA state. */
  counts() {
    const n = { ok: 0, warning: 0, breached: 0 };
    for (const { node } of this.dots.values()) n[node.dataset.slaState] += 1;
    return n;
  }

  position(c) {
    if (c.location && Number.isFinite(c.location.lat) && Number.isFinite(c.location.lng)) {
      return this.project(c.location.lng, c.location.lat);
    }
    const centre = this.gridCentres.get(c.gridCode);
    if (!centre) return null;
    const [dx, dy] = spread(c.id);
    return [centre[0] + dx, centre[1] + dy];
  }

  place(node, c, xy = this.position(c)) {
    if (!xy) return;
    const state = STATES.includes(c.sla?.state) ? c.sla.state : 'ok';
    node.__case = c;
    node.setAttribute('cx', xy[0].toFixed(1));
    node.setAttribute('cy', xy[1].toFixed(1));
    node.setAttribute('data-sla-state', state);
    node.setAttribute('data-status', c.status);
    node.setAttribute('data-priority', c.priority ?? 'normal');
    node.setAttribute('data-supervised', String(isSupervised(c)));
    const marks = `${isUrgent(c) ? ' urgent' : ''}${isSupervised(c) ? ' supervised' : ''}`;
    node.setAttribute('class', `case-dot sla-${state}${marks}${node.classList.contains('fresh') ? ' fresh' : ''}`);
    node.firstChild.textContent = this.describe(c);
    if (node.parentNode !== this.layers[state]) this.layers[state].appendChild(node);
  }

  /** Grids with more open cases are filled brighter. */
  shade() {
    if (!this.svg) return;
    const per = new Map();
    for (const { gridCode } of this.dots.values()) per.set(gridCode, (per.get(gridCode) ?? 0) + 1);
    const max = Math.max(4, ...per.values());
    for (const [code, path] of this.gridNodes) {
      const n = per.get(code) ?? 0;
      path.setAttribute('fill-opacity', (0.05 + 0.4 * (n / max)).toFixed(3));
    }
  }
}
