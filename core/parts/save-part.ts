import { Prisma, type Part } from '../db/generated/client.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { PartError } from './errors.ts';

export interface PartInput {
  sku: string;
  name: string;
  spec?: string | null | undefined;
  compatibleModels?: string[] | undefined;
  location?: string | null | undefined;
  reorderPoint?: number | undefined;
  reorderQuantity?: number | undefined;
  unitCostCents?: number | null | undefined;
  approved?: boolean | undefined;
}

const taken = (sku: string) => new PartError('PART_SKU_TAKEN', `a part with SKU ${sku} exists`);

/** A catalogue entry, with no stock: stock only changes through goods-in, goods-out and counts. */
export async function createPart(deps: WorkflowDeps, input: PartInput): Promise<Part> {
  try {
    return await deps.prisma.part.create({ data: { ...input, compatibleModels: input.compatibleModels ?? [], quantity: 0 } });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw taken(input.sku);
    throw err;
  }
}

export async function updatePart(deps: WorkflowDeps, id: string, input: Partial<PartInput>): Promise<Part> {
  try {
    const { count } = await deps.prisma.part.updateMany({ where: { id }, data: input });
    if (count === 0) throw new PartError('PART_NOT_FOUND', `no part ${id}`);
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') throw taken(input.sku ?? '');
    throw err;
  }
  return deps.prisma.part.findUniqueOrThrow({ where: { id } });
}
