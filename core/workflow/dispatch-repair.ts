import type { Prisma, WorkOrder } from '../db/generated/client.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from './errors.ts';
import { publishTicket } from './ticket-events.ts';
import { lockTicket, moveTicket } from './transition-ticket.ts';
import type { WorkflowDeps } from './workflow-deps.ts';

export interface PlannedPart {
  name: string;
  partId?: string | undefined;
  quantity: number;
}

export interface DispatchInput {
  ticketId: string;
  engineerId: string;
  /** the arrival window agreed with the customer */
  windowStart: Date;
  windowEnd: Date;
  /** tools beyond the standard kit */
  tools?: string[] | undefined;
  /** parts to bring; absent = the parts the diagnosis names, matched to the catalogue */
  parts?: PlannedPart[] | undefined;
  actor: string;
  note?: string | undefined;
}

/** Every repair visit brings these (safe isolation and testing of a charger). */
export const STANDARD_KIT = ['multimeter (CAT III 1000 V)', 'insulation resistance tester', 'lock-out/tag-out kit', 'insulated gloves and face shield', 'torque screwdriver'];

/** Decides who may be sent: an active repair engineer (certifications narrow it further, core/staff). */
export type EngineerEligibility = (engineerId: string, ticket: TicketRecord) => Promise<{ eligible: boolean; reason?: string }>;

/**
 * Dispatches a repair engineer (or a maintenance visit): a work order with the engineer, the agreed
 * arrival window, the tools and the parts from the diagnosis; the ticket moves to `dispatched`.
 */
export async function dispatchRepair(deps: WorkflowDeps, input: DispatchInput, eligibility: EngineerEligibility = activeRepairEngineer(deps)): Promise<{ ticket: TicketRecord; workOrder: WorkOrder }> {
  if (!(input.windowEnd > input.windowStart)) throw new WorkflowError('DISPATCH_INVALID_WINDOW', 'the arrival window must end after it starts');
  const at = deps.now();
  const before = await deps.prisma.ticket.findUnique({ where: { id: input.ticketId } });
  if (!before) throw new WorkflowError('TICKET_NOT_FOUND', `no ticket ${input.ticketId}`);
  const verdict = await eligibility(input.engineerId, before);
  if (!verdict.eligible) throw new WorkflowError('DISPATCH_ENGINEER_NOT_ELIGIBLE', verdict.reason ?? 'this engineer cannot be dispatched to this job', { engineerId: input.engineerId });
  const parts = input.parts ?? (await partsFromDiagnosis(deps, before));
  const tools = [...new Set([...STANDARD_KIT, ...(input.tools ?? [])])];

  const result = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    const workOrder = await tx.workOrder.create({
      data: {
        ticketId: t.id,
        engineerId: input.engineerId,
        windowStart: input.windowStart,
        windowEnd: input.windowEnd,
        tools,
        plannedParts: parts as unknown as Prisma.InputJsonValue,
        checklist: [],
        actions: [],
        createdBy: input.actor,
        createdAt: at,
      },
    });
    const ticket = await moveTicket(tx, t, {
      ticketId: t.id,
      to: 'dispatched',
      via: 'dispatch',
      actor: input.actor,
      note: input.note,
      detail: { workOrderId: workOrder.id, workOrder: workOrder.number, engineerId: input.engineerId, window: { start: input.windowStart.toISOString(), end: input.windowEnd.toISOString() }, tools, parts },
      data: { assigneeId: input.engineerId },
    }, at);
    return { ticket, workOrder };
  });
  publishTicket(deps.bus, result.ticket, 'status', at);
  return result;
}

/** The diagnosis names parts in words; match them to the catalogue (and the charger's model) where possible. */
async function partsFromDiagnosis(deps: WorkflowDeps, t: TicketRecord): Promise<PlannedPart[]> {
  const names = ((t.diagnosis as { parts?: unknown } | null)?.parts ?? []) as unknown[];
  const wanted = names.filter((n): n is string => typeof n === 'string');
  if (wanted.length === 0) return [];
  const model = t.chargerId ? (await deps.prisma.charger.findUnique({ where: { id: t.chargerId }, select: { model: true } }))?.model : null;
  const out: PlannedPart[] = [];
  for (const name of wanted) {
    const candidates = await deps.prisma.part.findMany({ where: { name: { equals: name, mode: 'insensitive' }, approved: true }, orderBy: { sku: 'asc' } });
    const fit = candidates.find((p) => model && p.compatibleModels.includes(model)) ?? candidates.find((p) => p.compatibleModels.length === 0) ?? candidates[0];
    out.push({ name, ...(fit ? { partId: fit.id } : {}), quantity: 1 });
  }
  return out;
}

/** Without certification rules: any active user with the repair-engineer role. */
export function activeRepairEngineer(deps: WorkflowDeps): EngineerEligibility {
  return async (engineerId) => {
    const u = await deps.prisma.user.findUnique({ where: { id: engineerId }, select: { role: true, disabled: true } });
    if (!u || u.disabled) return { eligible: false, reason: 'no active user with that id' };
    if (u.role !== 'repair_engineer') return { eligible: false, reason: 'only repair engineers are dispatched' };
    return { eligible: true };
  };
}

