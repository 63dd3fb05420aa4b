import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import { runEvery, type Periodic } from '../periodic.ts';

/**
 * Background work that outlives a request — bulk command jobs, firmware campaigns — is held by the node
 * running it: `owner_node` names the node, `lease_expires_at` says until when it counts as alive. The
 * owner renews its leases every third of `leaseMs`; work whose lease ran out belongs to a node that is
 * gone, and another node deals with it (a bulk job is interrupted, a campaign paused). So restarting one
 * api node leaves the work of the others alone.
 *
 * Lease times are written and compared by the database's clock, so clock differences between nodes do
 * not matter. A node id is not assumed to survive a restart (the default is `<hostname>-<pid>`); one that
 * does (NODE_ID set, or LOCAL_OWNER in one process) lets the restarted node take back its own work at
 * once instead of after the lease.
 */
export interface JobLease {
  /** who holds work started here: NODE_ID with Redis, LOCAL_OWNER in one process */
  owner: string;
  /** how long work stays held without a renewal (JOB_LEASE_MS) */
  leaseMs: number;
}

/** The owner in one process: the same after every restart, so a start takes back all it was running. */
export const LOCAL_OWNER = 'local';

/** When a lease taken now ends, by the database's clock. */
export async function leaseEnd(prisma: PrismaClient, leaseMs: number): Promise<Date> {
  const [row] = await prisma.$queryRaw<Array<{ until: Date }>>`SELECT now() + ${leaseMs}::integer * interval '1 millisecond' AS "until"`;
  return row!.until;
}

/**
 * Runs `tick` every third of the lease, never two at once; a failing tick is logged and the next one runs
 * as planned (while the database is down the leases simply are not renewed).
 */
export function everyThirdOfLease(lease: JobLease, tick: () => Promise<unknown>, log: Logger, what: string): Periodic {
  return runEvery(Math.max(1, Math.floor(lease.leaseMs / 3)), tick, (err) => log.warn({ err }, `${what}: renewing or checking leases failed`));
}
