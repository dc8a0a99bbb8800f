/**
 * TypeORM's postgres driver answers an UPDATE or DELETE with `[rows, rowCount]` (other statements with the
 * rows alone); this gives the RETURNING rows either way.
 */
export function updatedRows<T = Record<string, unknown>>(result: unknown): T[] {
  return (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result) as T[];
}
