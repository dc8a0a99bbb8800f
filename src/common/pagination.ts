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
