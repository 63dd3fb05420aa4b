import type { PrismaClient } from './db/database.ts';
import type { Prisma } from './db/generated/client.ts';

const TX_LIMITS = { maxWait: 10_000, timeout: 20_000 };

export type ApplyOnce<T> = { applied: true; value: T } | { applied: false };

/**
 * Runs a handler's effect once per event (multi-node delivers events at least once): the marker
 * (event id, handler) is inserted in the same transaction as the effect, so a second delivery — even a
 * concurrent one, which waits for the first to commit — finds it and skips.
 */
export async function applyOnce<T>(prisma: PrismaClient, eventId: string, handler: string, effect: (tx: Prisma.TransactionClient) => Promise<T>): Promise<ApplyOnce<T>> {
  return prisma.$transaction(async (tx): Promise<ApplyOnce<T>> => {
    const inserted = await tx.$executeRaw`INSERT INTO "processed_event" ("event_id", "handler") VALUES (${eventId}::uuid, ${handler}) ON CONFLICT DO NOTHING`;
    if (inserted === 0) return { applied: false };
    return { applied: true, value: await effect(tx) };
    // a busy pool must delay the handler, not fail it (Prisma's defaults: 2 s to start, 5 s to finish)
  }, TX_LIMITS);
}

/** Markers are only needed while a redelivery is possible (minutes); keep a week, then drop them. */
export async function pruneProcessedEvents(prisma: PrismaClient, olderThan: Date): Promise<number> {
  const { count } = await prisma.processedEvent.deleteMany({ where: { at: { lt: olderThan } } });
  return count;
}
