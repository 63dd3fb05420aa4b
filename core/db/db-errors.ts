import { Prisma } from './generated/client.ts';

/**
 * A unique constraint refused the write. Prisma's model calls say P2002; a raw statement (`$queryRaw`)
 * says P2010 with the driver adapter's error kind.
 */
export function isUniqueViolation(err: unknown): boolean {
  if (!(err instanceof Prisma.PrismaClientKnownRequestError)) return false;
  if (err.code === 'P2002') return true;
  const cause = (err.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return err.code === 'P2010' && cause?.kind === 'UniqueConstraintViolation';
}
