import type { Response } from 'express';
import { Open311Error } from './open311-errors';
import { toXml, type XmlValue } from './xml';

/** GeoReport v2 answers in the format the path ends with: `/services.json`, `/requests/XH-CQ-….xml`. */
export type Open311Format = 'json' | 'xml';

export function formatOf(raw: string): Open311Format {
  if (raw === 'json' || raw === 'xml') return raw;
  throw new Open311Error(404, `Unknown format .${raw.slice(0, 20)}: use .json or .xml`);
}

/** The format an error answers in: the path's, or XML (the format every Open311 server must speak). */
export function formatOfPath(path: string): Open311Format {
  return /\.json(?:$|\?)/.test(path) ? 'json' : 'xml';
}

/** `value` as JSON, or as XML under `root` (the spec's root element for that resource). */
export function send(res: Response, format: Open311Format, root: string, value: XmlValue, status = 200): void {
  res.status(status);
  if (format === 'json') res.type('application/json; charset=utf-8').send(JSON.stringify(value));
  else res.type('text/xml; charset=utf-8').send(toXml(root, value));
}
