/**
 * Rows written in bulk travel as one jsonb parameter and come out of `jsonb_to_recordset`; the
 * column list is derived from one declaration of each row's fields, never written twice.
 */
export type Columns<T> = { [K in keyof T]-?: string };

export function recordset<T>(columns: Columns<T>, param = '$1'): string {
  const list = Object.entries(columns).map(([name, type]) => `"${name}" ${type as string}`);
  return `jsonb_to_recordset(${param}::jsonb) AS x(${list.join(', ')})`;
}

const columns = new Map<string, string>();

/** snake_case of a field name: the column it maps to (the naming strategy's rule). Kept: bulk reads ask it per row and field. */
export function columnOf(field: string): string {
  let column = columns.get(field);
  if (column === undefined) columns.set(field, (column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)));
  return column;
}

/** `column = x."field"` for each field but the key: the SET list of a bulk update. */
export function setList<T>(columns: Columns<T>, key = 'id'): string {
  return Object.keys(columns)
    .filter((f) => f !== key)
    .map((f) => `${columnOf(f)} = x."${f}"`)
    .join(', ');
}

/** `INSERT INTO table (columns) SELECT … FROM jsonb_to_recordset($1)`: any number of whole rows in one statement. */
export function insertRows<T>(table: string, columns: Columns<T>): string {
  const fields = Object.keys(columns);
  return `INSERT INTO ${table} (${fields.map(columnOf).join(', ')}) SELECT ${fields.map((f) => `"${f}"`).join(', ')} FROM ${recordset(columns)}`;
}

/** A row as `pg` returns it (snake_case columns, values already typed) as the entity's fields. */
export function fromRow<T>(columns: Columns<T>, raw: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(columns)) out[field] = raw[columnOf(field)];
  return out as T;
}
