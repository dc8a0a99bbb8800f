import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import type { FieldError } from './domain-error';

/**
 * C0 control characters except tab, newline and carriage return, and DEL. PostgreSQL cannot store
 * NUL in text at all (22021), and none of these belongs in a name, a code or a note.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** How a bad key is named in `details`: control characters spelt out, never sent raw. */
const printable = (key: string) =>
  // eslint-disable-next-line no-control-regex -- as above
  key.replace(/[\u0000-\u001F\u007F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * Every path inside `value` holding a string (or a key) with a control character:
 * `description`, `reporter.name`, `photos[0]`. JSON bodies arrive at most 32 levels deep (json-depth.ts).
 */
export function controlCharPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return CONTROL.test(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => controlCharPaths(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const field = path ? `${path}.${printable(key)}` : printable(key);
    return CONTROL.test(key) ? [field] : controlCharPaths(v, field);
  });
}

/**
 * Global pipe, run before the ValidationPipe on every body, query and path parameter of every route,
 * so no DTO or handler can forget it: a control character → 400 naming each field.
 */
@Injectable()
export class RejectControlCharsPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const paths = controlCharPaths(value, metadata.data ?? '');
    if (paths.length === 0) return value;
    const fields = paths.map((p) => p || metadata.type);
    const details: FieldError[] = fields.map((field) => ({ field, message: `${field} must not contain control characters` }));
    throw new BadRequestException({ message: `Invalid ${fields.join(', ')}`, details });
  }
}
