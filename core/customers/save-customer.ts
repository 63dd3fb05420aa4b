import type { Customer } from '../db/generated/client.ts';
import type { CustomerTier } from '../db/generated/enums.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { CustomerError } from './errors.ts';

export interface CustomerInput {
  name: string;
  contactName?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  address?: string | null | undefined;
  tier?: CustomerTier | undefined;
  notes?: string | null | undefined;
}

export async function createCustomer(deps: WorkflowDeps, input: CustomerInput): Promise<Customer> {
  return deps.prisma.customer.create({ data: { ...input, email: input.email?.toLowerCase() ?? null } });
}

/** Changes the fields given; a tier change applies to SLAs of tickets opened from now on. */
export async function updateCustomer(deps: WorkflowDeps, id: string, input: Partial<CustomerInput>): Promise<Customer> {
  const { count } = await deps.prisma.customer.updateMany({ where: { id }, data: { ...input, ...(input.email ? { email: input.email.toLowerCase() } : {}) } });
  if (count === 0) throw new CustomerError('CUSTOMER_NOT_FOUND', `no customer ${id}`);
  return deps.prisma.customer.findUniqueOrThrow({ where: { id } });
}
