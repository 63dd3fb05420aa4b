import { Prisma } from './generated/client.ts';

// What the raw statements (`$queryRaw` / `$executeRaw`, core/commands/command-writes.ts,
// core/tickets/ticket-writes.ts, core/chargers/connector-status.ts) need besides SQL: their JSON parameters,
// and the errors they raise, which Prisma's model calls would have raised under other codes.

/** A json/jsonb parameter: the value as JSON text, SQL NULL for undefined or null (cast it: `${…}::jsonb`). */
export const jsonParam = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** The driver adapter's kind of a refused write: a model call says P2002/P2003, a raw statement P2010 with the kind. */
function violated(err: unknown, modelCode: string, kind: string): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === modelCode) return true;
  const cause = (err.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return err.code === 'P2010' && cause?.kind === kind;
}

/** A unique constraint refused the write. */
export const isUniqueViolation = (err: unknown): boolean => violated(err, 'P2002', 'UniqueConstraintViolation');

/** A foreign key refused the write (the row it points to is gone). */
export const isForeignKeyViolation = (err: unknown): boolean => violated(err, 'P2003', 'ForeignKeyConstraintViolation');
