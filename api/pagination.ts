import { z } from 'zod';
import { ApiError } from './errors.ts';

// Cursor (keyset) pagination: a page continues after the last row seen, by (sort value, id), so rows
// inserted or deleted meanwhile never shift a page (no duplicates, no skips, unlike offsets). The cursor
// is opaque to clients: base64url JSON naming the sort it belongs to.

export const pageQuerySchema = z.object({
  cursor: z.string().max(1000).optional().meta({ description: 'nextCursor from the previous page' }),
  limit: z.coerce.number().int().min(1).max(200).default(50).meta({ example: 50 }),
});

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'pass as ?cursor= for the next page; null on the last page' }),
  });

type Key = string | number | null;
interface Cursor {
  s: string;
  v: Key;
  id: string | number;
}

export function encodeCursor(sort: string, value: Key, id: string | number): string {
  return Buffer.from(JSON.stringify({ s: sort, v: value, id } satisfies Cursor)).toString('base64url');
}

export function decodeCursor(raw: string | undefined, sort: string): Cursor | undefined {
  if (raw === undefined) return undefined;
  let c: Partial<Cursor>;
  try {
    c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Cursor>;
  } catch {
    throw new ApiError('API_INVALID_CURSOR', 'the cursor is not one this API issued');
  }
  if (c.s !== sort || c.id === undefined || !('v' in c)) throw new ApiError('API_INVALID_CURSOR', `the cursor belongs to another sort than "${sort}"; start again without it`);
  return c as Cursor;
}

export interface SortSpec {
  field: string;
  direction: 'asc' | 'desc';
  /** nullable columns sort their nulls last whatever the direction */
  nullable: boolean;
  /** how the column's value goes into a cursor and back */
  kind: 'string' | 'number' | 'date';
}

/** Parses "field" / "-field" against the sortable fields of a list. */
export function parseSort(raw: string, fields: Record<string, Omit<SortSpec, 'field' | 'direction'>>): SortSpec {
  const desc = raw.startsWith('-');
  const field = desc ? raw.slice(1) : raw;
  const spec = fields[field];
  if (!spec) throw new ApiError('API_VALIDATION_FAILED', `cannot sort by ${field}`, { errors: [{ path: 'query.sort', message: `one of ${Object.keys(fields).join(', ')} (prefix - for descending)` }] });
  return { field, direction: desc ? 'desc' : 'asc', ...spec };
}

/** Prisma orderBy for a keyset page: the sort column, then the id in the same direction. */
export function keysetOrder(s: SortSpec, idField = 'id'): Array<Record<string, unknown>> {
  const main = s.nullable ? { [s.field]: { sort: s.direction, nulls: 'last' } } : { [s.field]: s.direction };
  return s.field === idField ? [main] : [main, { [idField]: s.direction }];
}

/** Prisma where for the rows after the cursor in `keysetOrder`. */
export function keysetAfter(s: SortSpec, cursor: Cursor | undefined, idField = 'id'): Record<string, unknown> {
  if (!cursor) return {};
  const op = s.direction === 'asc' ? 'gt' : 'lt';
  const id = { [op]: cursor.id };
  if (s.field === idField) return { [idField]: id };
  if (cursor.v === null) return { AND: [{ [s.field]: null }, { [idField]: id }] };
  const v = s.kind === 'date' ? new Date(cursor.v) : cursor.v;
  const branches: Array<Record<string, unknown>> = [{ [s.field]: { [op]: v } }, { AND: [{ [s.field]: v }, { [idField]: id }] }];
  if (s.nullable) branches.push({ [s.field]: null });
  return { OR: branches };
}

/** Builds the page from `limit + 1` fetched rows. */
export function toPage<Row, Item>(rows: Row[], limit: number, s: SortSpec, key: (r: Row) => { v: unknown; id: string | number }, present: (r: Row) => Item): { items: Item[]; nextCursor: string | null } {
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (more && last !== undefined) {
    const k = key(last);
    const v = k.v instanceof Date ? k.v.toISOString() : (k.v as Key);
    nextCursor = encodeCursor(`${s.direction === 'desc' ? '-' : ''}${s.field}`, v ?? null, k.id);
  }
  return { items: page.map(present), nextCursor };
}
