/**
 * Reads a GeoReport v2 XML document back into the JSON the spec pairs with it (its "Spark convention":
 * a list element becomes an array of its children, any other element an object, text a string, an
 * empty element null). Elements and text only, as the spec's documents are; a test-side check that
 * the XML is well formed and says what the JSON says.
 */
const LISTS = new Set(['services', 'service_requests', 'errors', 'endpoints', 'formats', 'attributes', 'values']);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export type Spark = string | null | Spark[] | { [k: string]: Spark };

export function parseOpen311Xml(text: string): { root: string; value: Spark } {
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i.exec(text);
  if (!decl) throw new Error('no XML declaration');
  let at = decl[0].length;
  const element = (): { name: string; value: Spark } => {
    const open = /^<([A-Za-z_][\w.-]*)(\/?)>/.exec(text.slice(at));
    if (!open) throw new Error(`expected an element at ${at}: ${text.slice(at, at + 40)}`);
    at += open[0].length;
    const name = open[1];
    if (open[2]) return { name, value: null };
    const children: { name: string; value: Spark }[] = [];
    let body = '';
    while (!text.startsWith(`</${name}>`, at)) {
      if (at >= text.length) throw new Error(`<${name}> is not closed`);
      if (text[at] === '<') children.push(element());
      else {
        const end = text.indexOf('<', at);
        body += text.slice(at, end === -1 ? text.length : end);
        at = end === -1 ? text.length : end;
      }
    }
    at += name.length + 3;
    if (/[<>]/.test(body) || /&(?!(amp|lt|gt|quot|apos);)/.test(body)) throw new Error(`bad text in <${name}>`);
    const textValue = body.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITIES[e]);
    if (LISTS.has(name)) return { name, value: children.map((c) => c.value) };
    if (children.length === 0) return { name, value: textValue === '' ? null : textValue };
    return { name, value: Object.fromEntries(children.map((c) => [c.name, c.value])) };
  };
  const { name, value } = element();
  if (text.slice(at).trim() !== '') throw new Error('content after the root element');
  return { root: name, value };
}

/** A JSON document with every leaf as XML carries it (text; null and '' alike), to compare with the XML. */
export function asText(value: unknown): Spark {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) return value.map(asText);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)]));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`not a JSON value: ${typeof value}`);
}
