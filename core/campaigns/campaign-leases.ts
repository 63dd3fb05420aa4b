import type { JobLease } from '../bulk/job-lease.ts';
import type { PrismaClient } from '../db/database.ts';

// The lease statements of firmware campaigns (see job-lease.ts). A campaign has work for its node while it
// is running, paused or halted (a person may resume it; the wave under way still reports outcomes), or while
// updates it sent wait for their outcome (a cancelled one too). Campaigns without work keep their last
// owner's name and are never taken over.

export const RESTART_REASON = 'paused by a server restart: resume it once the fleet has reconnected';
/** `%s`: the node that was running the campaign */
const NODE_GONE_REASON = 'paused: node %s, which was running it, stopped (its lease ran out); resume it once the fleet has reconnected';

/** Extends the leases of every campaign with work that `lease.owner` holds. */
export async function renewCampaignLeases(prisma: PrismaClient, lease: JobLease): Promise<void> {
  // raw SQL: a renewal is not a change of the campaign, so updated_at stays as it was
  await prisma.$executeRaw`
    UPDATE "firmware_campaign" c SET "lease_expires_at" = now() + ${lease.leaseMs}::integer * interval '1 millisecond'
    WHERE c."owner_node" = ${lease.owner}
      AND (c."status" IN ('running', 'paused', 'halted')
        OR EXISTS (SELECT 1 FROM "firmware_campaign_item" i WHERE i."campaign_id" = c."id" AND i."status" = 'sent'))`;
}

export interface TakenOver {
  id: string;
  /** the node that held it (null: created before campaigns had owners) */
  previousOwner: string | null;
  /** its status when taken over: a running campaign is now paused */
  previousStatus: string;
}

/**
 * Makes `lease.owner` the holder of the campaigns with work whose node is gone: its lease ran out, or (at
 * start) it is this very node before its restart. Running ones are paused with a reason naming that node;
 * paused, halted and cancelled ones keep their status. One statement, rows locked and re-checked, so a
 * campaign renewed meanwhile by its live owner is not taken, and two nodes never take the same one.
 */
export async function takeOverCampaigns(prisma: PrismaClient, lease: JobLease, atStart: boolean, now: Date): Promise<TakenOver[]> {
  return prisma.$queryRaw<TakenOver[]>`
    WITH gone AS (
      SELECT c."id", c."owner_node", c."status" FROM "firmware_campaign" c
      WHERE ((${atStart} AND (c."owner_node" IS NULL OR c."owner_node" = ${lease.owner}))
          OR (c."owner_node" <> ${lease.owner} AND c."lease_expires_at" < now()))
        AND (c."status" IN ('running', 'paused', 'halted')
          OR EXISTS (SELECT 1 FROM "firmware_campaign_item" i WHERE i."campaign_id" = c."id" AND i."status" = 'sent'))
      FOR UPDATE OF c SKIP LOCKED
    )
    UPDATE "firmware_campaign" c SET
      "owner_node" = ${lease.owner},
      "lease_expires_at" = now() + ${lease.leaseMs}::integer * interval '1 millisecond',
      "status" = CASE WHEN gone."status" = 'running' THEN 'paused'::"CampaignStatus" ELSE c."status" END,
      "status_reason" = CASE
        WHEN gone."status" <> 'running' THEN c."status_reason"
        WHEN gone."owner_node" IS NULL OR gone."owner_node" = ${lease.owner} THEN ${RESTART_REASON}
        ELSE format(${NODE_GONE_REASON}, gone."owner_node") END,
      "updated_at" = CASE WHEN gone."status" = 'running' THEN ${now} ELSE c."updated_at" END
    FROM gone WHERE c."id" = gone."id"
    RETURNING c."id", gone."owner_node" AS "previousOwner", gone."status"::text AS "previousStatus"`;
}
