/** Deepest nesting of arrays and objects a JSON body may have; the DTOs need 3. */
export const MAX_JSON_DEPTH = 32;

const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * Nesting depth of JSON text, counted on the raw code units before JSON.parse runs, so a body nested
 * thousands deep never reaches the parser or class-transformer's recursion (a stack overflow, 500).
 * Stops counting once past `max`. Brackets inside strings do not count.
 */
export function jsonDepthExceeds(text: Uint8Array | string, max = MAX_JSON_DEPTH): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped unit
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (OPEN.has(c) && ++depth > max) return true;
    else if (CLOSE.has(c)) depth--;
  }
  return false;
}

/**
 * body-parser's `verify` hook: runs on the raw body before parsing. UTF-8 is scanned as bytes
 * (ASCII never occurs inside a multi-byte sequence); UTF-16 is decoded first; other `utf-*` charsets
 * body-parser would accept (utf-7, utf-32) get 415.
 */
export function verifyJsonDepth(_req: unknown, _res: unknown, buf: Buffer, encoding: string | null): void {
  const utf8 = !encoding || /^utf-?8$/i.test(encoding);
  let text: Uint8Array | string = buf;
  if (!utf8) {
    try {
      text = new TextDecoder(encoding).decode(buf);
    } catch {
      throw Object.assign(new Error(`unsupported charset "${encoding}"`), { status: 415, type: 'charset.unsupported' });
    }
  }
  if (jsonDepthExceeds(text)) {
    throw Object.assign(new Error('JSON nested too deeply'), { status: 400, type: 'entity.too.deep' });
  }
}
