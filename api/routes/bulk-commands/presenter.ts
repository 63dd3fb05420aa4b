import type { BulkCommandItem, BulkCommandJob } from '../../../core/db/generated/client.ts';
import { BULK_ITEM_STATUSES } from './schema.ts';

type Progress = Record<(typeof BULK_ITEM_STATUSES)[number], number>;

export function progressOf(rows: Array<{ status: string; _count: { _all: number } }>): Progress {
  const p = Object.fromEntries(BULK_ITEM_STATUSES.map((s) => [s, 0])) as Progress;
  for (const r of rows) p[r.status as keyof Progress] = r._count._all;
  return p;
}

export function presentBulkJobSummary(j: BulkCommandJob, progress: Progress) {
  return {
    id: j.id,
    command: j.command as Record<string, unknown>,
    filter: j.filter as Record<string, unknown>,
    concurrency: j.concurrency,
    status: j.status,
    requestedBy: j.requestedBy,
    total: j.total,
    progress,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

export function presentBulkJob(j: BulkCommandJob & { items: BulkCommandItem[] }, progress: Progress) {
  return {
    ...presentBulkJobSummary(j, progress),
    items: j.items.map((i) => ({ chargerId: i.chargerId, status: i.status, commandId: i.commandId, commandStatus: i.commandStatus, error: i.error, updatedAt: i.updatedAt.toISOString() })),
  };
}
