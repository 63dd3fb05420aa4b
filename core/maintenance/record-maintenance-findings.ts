import type { Prisma } from '../db/generated/client.ts';
import type { ContactChannel, Severity } from '../db/generated/enums.ts';
import { notifyCustomer } from '../customers/notify-customer.ts';
import { requireComplete, type TickedItem } from '../installation/checklists.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { createTicketIn } from '../workflow/create-ticket.ts';
import { WorkflowError } from '../workflow/errors.ts';
import { publishTicket } from '../workflow/ticket-events.ts';
import { lockTicket, moveTicket } from '../workflow/transition-ticket.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';

export interface Finding {
  description: string;
  severity: Severity;
  /** open a repair ticket for it */
  openRepair: boolean;
}

export interface FindingsInput {
  ticketId: string;
  checklist: Array<TickedItem & { ok?: boolean | undefined }>;
  findings: Finding[];
  /** how the customer is told the outcome */
  channel: ContactChannel;
  actor: string;
}

/**
 * Closes a maintenance visit: the whole checklist done, the findings recorded (those that need it open
 * repair tickets for the charger), the customer told the outcome.
 */
export async function recordMaintenanceFindings(deps: WorkflowDeps, input: FindingsInput): Promise<{ ticket: TicketRecord; repairs: TicketRecord[] }> {
  const at = deps.now();
  const result = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    if (t.type !== 'maintenance') throw new WorkflowError('TICKET_WRONG_TYPE', `ticket ${input.ticketId} is a ${t.type}, not a maintenance visit`);
    const visit = await tx.maintenanceVisit.findUniqueOrThrow({ where: { ticketId: t.id } });
    requireComplete((visit.checklist as Array<{ item: string }>).map((c) => c.item), input.checklist);
    const repairs: TicketRecord[] = [];
    const findings: Array<Finding & { repairTicketId?: string }> = [];
    for (const f of input.findings) {
      if (!f.openRepair) {
        findings.push(f);
        continue;
      }
      const r = await createTicketIn(tx, { type: 'repair', title: `Maintenance finding on ${visit.chargerId}: ${f.description.slice(0, 60)}`, chargerId: visit.chargerId, customerId: t.customerId, siteId: t.siteId, priority: f.severity === 'safety_critical' || f.severity === 'high' ? 'high' : 'normal', actor: input.actor, detail: { fromMaintenance: t.id } }, at);
      await tx.ticket.update({ where: { id: r.id }, data: { severity: f.severity, diagnosis: { source: 'maintenance', finding: f.description } } });
      repairs.push(r);
      findings.push({ ...f, repairTicketId: r.id });
    }
    await tx.maintenanceVisit.update({ where: { ticketId: t.id }, data: { checklist: input.checklist as unknown as Prisma.InputJsonValue, findings: findings as unknown as Prisma.InputJsonValue, completedAt: at } });
    await tx.workOrder.updateMany({ where: { ticketId: t.id, completedAt: null, cancelledAt: null }, data: { completedAt: at } });
    const outcome = findings.length ? `Findings:\n${findings.map((f) => `- ${f.description}${f.repairTicketId ? ' (repair scheduled)' : ''}`).join('\n')}` : 'No findings: the charger is in good order.';
    await notifyCustomer(tx, { ticketId: t.id, channel: input.channel, subject: 'Maintenance completed', message: outcome, actor: input.actor }, at);
    const ticket = await moveTicket(tx, t, { ticketId: t.id, to: 'closed', via: 'findings', actor: input.actor, note: `${findings.length} finding(s)`, detail: { findings } }, at);
    return { ticket, repairs };
  });
  publishTicket(deps.bus, result.ticket, 'status', at);
  for (const r of result.repairs) publishTicket(deps.bus, r, 'created', at);
  return result;
}
