import type { Prisma } from '../db/generated/client.ts';
import type { Db } from '../workflow/workflow-deps.ts';
import { CustomerError } from './errors.ts';

const INCLUDE = {
  sites: { orderBy: { name: 'asc' }, include: { chargers: { select: { id: true, vendor: true, model: true, serialNumber: true, firmwareVersion: true } } } },
  tickets: {
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: { id: true, number: true, type: true, status: true, title: true, chargerId: true, createdAt: true, closedAt: true, resolvedAt: true, survey: { select: { answeredAt: true, score: true, comment: true } } },
  },
  notices: { orderBy: { at: 'desc' }, take: 50 },
} satisfies Prisma.CustomerInclude;

export type CustomerRecord = Prisma.CustomerGetPayload<{ include: typeof INCLUDE }>;

/** A customer's record: basic data, tier, sites and the chargers they own, full service history, feedback, what they were told. */
export async function getCustomerRecord(db: Db, id: string): Promise<CustomerRecord> {
  const c = await db.customer.findUnique({ where: { id }, include: INCLUDE });
  if (!c) throw new CustomerError('CUSTOMER_NOT_FOUND', `no customer ${id}`);
  return c;
}
