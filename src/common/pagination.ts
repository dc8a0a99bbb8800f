import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { invalid } from './domain-error';

/** `?limit=` (default 50, max 500) and `?cursor=` of every list (API.md › Conventions). */
export class PageQuery {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset position in a newest-first list: (createdAt, id) of the last item served. */
export interface Position {
  createdAt: Date;
  id: string;
}

export function encodeCursor(p: Position): string {
  return Buffer.from(`${p.createdAt.toISOString()}|${p.id}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | undefined {
  if (cursor === undefined) return undefined;
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const createdAt = new Date(at);
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) throw invalid('cursor', 'cursor is not valid');
  return { createdAt, id };
}

/** Fetch limit + 1 rows; this trims the extra one and says where the next page starts. */
export function pageOf<R extends Position, T>(rows: R[], limit: number, view: (r: R) => T): Page<T> {
  const more = rows.length > limit;
  const served = more ? rows.slice(0, limit) : rows;
  return { items: served.map(view), nextCursor: more ? encodeCursor(served[served.length - 1]) : null };
}

/** Keyset position in an oldest-first list of rows with a growing bigint id (a case's timeline). */
export function encodeIdCursor(id: string): string {
  return Buffer.from(`id|${id}`).toString('base64url');
}

export function decodeIdCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const [tag, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  // 18 digits stay inside bigint's range, so the query never sees an out-of-range value.
  if (tag !== 'id' || !/^\d{1,18}$/.test(id ?? '')) throw invalid('cursor', 'cursor is not valid');
  return id;
}
