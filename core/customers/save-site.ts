import type { Prisma, Site } from '../db/generated/client.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { CustomerError } from './errors.ts';

export interface SiteInput {
  name: string;
  address?: string | null | undefined;
  customerId?: string | null | undefined;
  /** outdoor, coastal, dusty, …: maintenance intervals shorten with them */
  environment?: string[] | undefined;
  /** chargers installed here (moved from any other site) */
  chargerIds?: string[] | undefined;
}

export async function createSite(deps: WorkflowDeps, input: SiteInput): Promise<Site> {
  return deps.prisma.$transaction(async (tx) => {
    if (input.customerId && !(await tx.customer.count({ where: { id: input.customerId } }))) throw new CustomerError('CUSTOMER_NOT_FOUND', `no customer ${input.customerId}`);
    const site = await tx.site.create({ data: { name: input.name, address: input.address ?? null, customerId: input.customerId ?? null, environment: input.environment ?? [] } });
    if (input.chargerIds?.length) await assignChargers(tx, site.id, input.chargerIds);
    return site;
  });
}

export async function updateSite(deps: WorkflowDeps, id: string, input: Partial<SiteInput>): Promise<Site> {
  return deps.prisma.$transaction(async (tx) => {
    if (!(await tx.site.count({ where: { id } }))) throw new CustomerError('SITE_NOT_FOUND', `no site ${id}`);
    if (input.customerId && !(await tx.customer.count({ where: { id: input.customerId } }))) throw new CustomerError('CUSTOMER_NOT_FOUND', `no customer ${input.customerId}`);
    const { chargerIds, ...fields } = input;
    const site = await tx.site.update({ where: { id }, data: fields });
    if (chargerIds?.length) await assignChargers(tx, id, chargerIds);
    return site;
  });
}

async function assignChargers(tx: Prisma.TransactionClient, siteId: string, chargerIds: string[]): Promise<void> {
  const { count } = await tx.charger.updateMany({ where: { id: { in: chargerIds } }, data: { siteId } });
  if (count !== new Set(chargerIds).size) {
    const known = new Set((await tx.charger.findMany({ where: { id: { in: chargerIds } }, select: { id: true } })).map((c) => c.id));
    throw new CustomerError('SITE_UNKNOWN_CHARGERS', `unknown chargers: ${chargerIds.filter((c) => !known.has(c)).join(', ')}`, { unknown: chargerIds.filter((c) => !known.has(c)) });
  }
}
