import { randomUUID } from 'node:crypto';
import { freshSpotInG1, G1 } from './api';
import { dtoFields, type DtoField, type Route } from './routes';

/** One request of the bad-input corpus. `body` is sent as is (a string) with `contentType`. */
export interface Probe {
  label: string;
  method: Route['method'];
  url: string;
  contentType?: string;
  body?: string;
  headers?: Record<string, string>;
  /** Who sends it: a demo username, or null for no (or a broken) token. */
  user: string | null;
}

const MISSING = Symbol('missing');
const nest = (depth: number, leaf: unknown = 1): unknown => (depth === 0 ? leaf : [nest(depth - 1, leaf)]);

/** What every field gets in turn: wrong types, empty, huge, control characters, odd Unicode, nesting. */
export const VALUE_VARIANTS: [string, unknown][] = [
  ['missing', MISSING],
  ['null', null],
  ['number', 123],
  ['negative', -1],
  ['fraction', 0.5],
  ['huge number', 1e308],
  ['unsafe integer', 2 ** 60],
  ['boolean', true],
  ['object', {}],
  ['object with keys', { a: 'b', __proto__x: 1 }],
  ['array', []],
  ['array of strings', ['x', 'y']],
  ['array of nulls', [null]],
  ['empty string', ''],
  ['blank string', '   '],
  ['huge string', 'x'.repeat(100_000)],
  ['NUL', 'a\u0000b'],
  ['SOH', '\u0001'],
  ['ESC sequence', 'x\u001b[31mred'],
  ['DEL', 'x\u007f'],
  ['VT and FF', '\u000b\u000c'],
  ['emoji', '😀🏮👨‍👩‍👧'],
  ['lone surrogate', '\ud800x'],
  ['RTL override', '\u202eevil'],
  ['numeric string', '31.1'],
  ['boolean string', 'true'],
  ['date string', '2026-13-45'],
  ['SQL', "' OR 1=1 --"],
  ['nested 20 deep', nest(20)],
  ['nested 40 deep', nest(40)],
];

/** Extra variants for the elements of an array field (`photos[0]`). */
const ELEMENT_VARIANTS: [string, unknown][] = [
  ['element NUL', ['\u0000']],
  ['element emoji', ['😀']],
  ['element number', [1]],
  ['element null', [null]],
  ['element object', [{}]],
  ['element nested array', [[[]]]],
  ['100 elements', Array.from({ length: 100 }, () => randomUUID())],
  ['duplicates', ['CG', 'CG']],
];

/** Valid values by property name, where the validators alone cannot say (a real category, a point in G1). */
const KNOWN: Record<string, unknown> = {
  categoryCode: '0101',
  gridCode: G1,
  departmentCodes: ['CG'],
  leadDepartmentCode: 'SR',
  assistDepartmentCodes: [],
  departmentCode: 'CG',
  regionCode: 'XH-CQ',
  parentCode: 'XH-CQ',
  phone: '13800000000',
  username: 'street-cq',
  password: 'demo-password',
  rung: 'street',
  photos: [],
};

/** A value the field's validators accept (best effort: the corpus only needs it for "the other fields"). */
export function validValue(field: DtoField): unknown {
  // A fresh spot in G1 for each report: probes that are valid reports become cases, and reports at one
  // spot queue on the duplicate check's lock, which is not what this corpus is about.
  if (field.name === 'location') return freshSpotInG1();
  if (field.name === 'lat' || field.name === 'lng') return freshSpotInG1()[field.name];
  if (field.name in KNOWN) return KNOWN[field.name];
  const c = field.checks;
  if (field.nested) return validBody(field.nested);
  if (c.has('isIn')) return (c.get('isIn')![0] as unknown[])[0];
  if (c.has('isIsoDuration')) return 'PT4H';
  if (c.has('isIso8601')) return '2026-01-01T00:00:00.000Z';
  if (c.has('isUuid')) return randomUUID();
  if (field.kind === 'boolean') return true;
  if (field.kind === 'number') return c.get('min')?.[0] ?? 1;
  if (field.kind === 'array') return [];
  return 'corpus probe';
}

export function validBody(dto: Function): Record<string, unknown> {
  return Object.fromEntries(dtoFields(dto).map((f) => [f.name, validValue(f)]));
}

/** Each field path of a DTO with its field, nested DTOs flattened (`location.lat`). */
export function fieldPaths(dto: Function, prefix: string[] = []): [string[], DtoField][] {
  return dtoFields(dto).flatMap((f): [string[], DtoField][] => [
    [[...prefix, f.name], f],
    ...(f.nested ? fieldPaths(f.nested, [...prefix, f.name]) : []),
  ]);
}

function withValue(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  if (value === MISSING) delete at[last];
  else at[last] = value;
  return copy;
}

/** Every field × every variant, as JSON bodies. */
export function bodyVariants(dto: Function): [string, string][] {
  const base = validBody(dto);
  const out: [string, string][] = [['valid', JSON.stringify(base)]];
  for (const [path, field] of fieldPaths(dto)) {
    const variants = field.kind === 'array' ? [...VALUE_VARIANTS, ...ELEMENT_VARIANTS] : VALUE_VARIANTS;
    for (const [label, value] of variants) out.push([`${path.join('.')}: ${label}`, JSON.stringify(withValue(base, path, value))]);
  }
  return out;
}

/** Raw bodies no DTO describes, each with its content type. */
export const RAW_BODIES: [string, string, string][] = [
  ['null', 'application/json', 'null'],
  ['"x"', 'application/json', '"x"'],
  ['[]', 'application/json', '[]'],
  ['[{}]', 'application/json', '[{}]'],
  ['123', 'application/json', '123'],
  ['true', 'application/json', 'true'],
  ['{}', 'application/json', '{}'],
  ['empty', 'application/json', ''],
  ['broken {', 'application/json', '{'],
  ['broken {"a":', 'application/json', '{"a":'],
  ['trailing comma', 'application/json', '{"a":1,}'],
  ['single quotes', 'application/json', "{'a':1}"],
  ['raw NUL in JSON', 'application/json', '{"description":"a\u0000b"}'],
  ['escaped NUL key', 'application/json', '{"\\u0000":1}'],
  ['__proto__', 'application/json', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}'],
  ['duplicate keys', 'application/json', '{"description":"a","description":"\\u0000"}'],
  ['5000 arrays deep', 'application/json', '['.repeat(5000) + ']'.repeat(5000)],
  ['5000 objects deep', 'application/json', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)],
  ['unclosed 5000 deep', 'application/json', '['.repeat(5000)],
  ['1e309', 'application/json', '{"lat":1e309,"limit":1e309}'],
  ['2 MB', 'application/json', JSON.stringify({ description: 'x'.repeat(2_000_000) })],
  ['text/plain', 'text/plain', '{"description":"x"}'],
  ['form', 'application/x-www-form-urlencoded', 'description=a%00b&location[lat]=1'],
  ['multipart garbage', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc'],
  ['xml', 'application/xml', '<a/>'],
  ['latin1 charset', 'application/json; charset=latin1', '{}'],
  ['utf-32 charset', 'application/json; charset=utf-32', '{}'],
  ['no content type', '', '{"a":1}'],
];

/** Values for one query parameter, raw (already percent-encoded where meant). */
export const QUERY_VALUES: [string, string][] = [
  ['empty', ''],
  ['NUL', '%00'],
  ['SOH', '%01'],
  ['DEL', '%7F'],
  ['ESC', '%1B%5B31m'],
  ['emoji', encodeURIComponent('😀🏮')],
  ['lone surrogate bytes', '%ED%A0%80'],
  ['broken percent', '%%%'],
  ['truncated UTF-8', '%E0%A4%A'],
  ['huge', 'x'.repeat(10_000)],
  ['negative', '-1'],
  ['zero', '0'],
  ['1e309', '1e309'],
  ['NaN', 'NaN'],
  ['hex', '0x10'],
  ['bad date', '2026-13-45'],
  ['far date', '9999-12-31T23:59:59Z'],
  ['SQL', encodeURIComponent("' OR 1=1 --")],
  ['space', '%20'],
];

/** Values for a path parameter. */
export const PATH_VALUES: [string, string][] = [
  ['not a uuid', 'not-a-uuid'],
  ['NUL', '%00'],
  ['control', '%01%1B'],
  ['broken percent', '%%%'],
  ['nil uuid', '00000000-0000-0000-0000-000000000000'],
  ['uppercase uuid', randomUUID().toUpperCase()],
  ['uuid with space', `${randomUUID()}%20`],
  ['number', '123'],
  ['negative', '-1'],
  ['huge', 'x'.repeat(5000)],
  ['emoji', encodeURIComponent('😀')],
  ['traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['SQL', encodeURIComponent("' OR 1=1 --")],
  ['truncated UTF-8', '%E0%A4%A'],
];

/** Broken Authorization headers for the no-user pass (none at all included). */
export const BAD_AUTH: (string | undefined)[] = [
  undefined,
  'Bearer',
  'Bearer not.a.jwt',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.',
  'Basic YWRtaW46ZGVtby1wYXNzd29yZA==',
  `Bearer ${'a'.repeat(8000)}`,
];
