import { createHash } from 'node:crypto';
import QRCode from 'qrcode';

/** Text for SVG/HTML: names come from the database, never trusted as markup. */
export const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Where a grid's printed code leads: its resident report page. */
export const reportUrl = (publicBaseUrl: string, gridCode: string) => `${publicBaseUrl}/r?grid=${encodeURIComponent(gridCode)}`;

/**
 * One printable tile: the QR code (error correction M survives a scuffed notice board), the grid's
 * name under it and its code. `data-url` carries the encoded text, for people and tests alike.
 */
export async function qrTile(url: string, name: string, code: string): Promise<string> {
  const qr = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // The library's own <svg>, nested and scaled into the tile.
  const inner = qr.trim().replace('<svg ', '<svg x="0" y="0" width="300" height="300" ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 370" width="300" height="370" data-url="${escapeXml(url)}" data-grid="${escapeXml(code)}">`,
    `<title>${escapeXml(`${name} · ${url}`)}</title>`,
    '<rect width="300" height="370" fill="#ffffff"/>',
    inner,
    `<text x="150" y="322" text-anchor="middle" font-family="sans-serif" font-size="22" font-weight="700" fill="#000000">${escapeXml(name)}</text>`,
    `<text x="150" y="350" text-anchor="middle" font-family="monospace" font-size="13" fill="#333333">扫码反映问题 · ${escapeXml(code)}</text>`,
    '</svg>',
  ].join('');
}

const SHEET_STYLE =
  'body{margin:0;font-family:sans-serif}h1{font-size:18px;margin:12px}main{display:flex;flex-wrap:wrap;gap:8mm;padding:8mm}' +
  'figure{margin:0;break-inside:avoid;page-break-inside:avoid}figure svg{width:60mm;height:auto}@page{size:A4;margin:10mm}';

/** The sheet's only style, allowed by its hash: the page runs no script and loads nothing. */
export const SHEET_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(SHEET_STYLE).digest('base64')}'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** A printable A4 page of a street's grid codes, one tile per grid. */
export function qrSheet(streetName: string, tiles: string[]): string {
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>${escapeXml(streetName)} · 网格二维码</title><style>${SHEET_STYLE}</style></head><body>`,
    `<h1>${escapeXml(streetName)} · 问题意见征集二维码（${tiles.length} 个网格）</h1><main>`,
    ...tiles.map((t) => `<figure>${t}</figure>`),
    '</main></body></html>',
  ].join('');
}
