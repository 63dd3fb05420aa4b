import type { TicketRecord } from '../tickets/ticket-service.ts';
import { createTicketIn } from '../workflow/create-ticket.ts';
import { WorkflowError } from '../workflow/errors.ts';
import { publishTicket } from '../workflow/ticket-events.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { checklistFor } from './checklists.ts';

export interface ScheduleInstallationInput {
  /** the identity the new charger will connect with */
  chargerId: string;
  model?: string | undefined;
  customerId?: string | undefined;
  siteId?: string | undefined;
  /** agreed with the customer */
  window: { start: Date; end: Date };
  installerId: string;
  actor: string;
}

/** An installation, scheduled with the customer: an installation ticket with the model's checklist. */
export async function scheduleInstallation(deps: WorkflowDeps, input: ScheduleInstallationInput): Promise<TicketRecord> {
  if (!(input.window.end > input.window.start)) throw new WorkflowError('DISPATCH_INVALID_WINDOW', 'the installation window must end after it starts');
  const at = deps.now();
  const items = await checklistFor(deps.prisma, input.model, 'installation');
  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await createTicketIn(tx, { type: 'installation', title: `Install ${input.model ?? 'charger'} ${input.chargerId}`, customerId: input.customerId, siteId: input.siteId, actor: input.actor, detail: { chargerId: input.chargerId, window: { start: input.window.start.toISOString(), end: input.window.end.toISOString() }, installerId: input.installerId } }, at);
    await tx.ticket.update({ where: { id: t.id }, data: { assigneeId: input.installerId } });
    await tx.installation.create({
      data: {
        ticketId: t.id,
        chargerId: input.chargerId,
        model: input.model ?? null,
        scheduledStart: input.window.start,
        scheduledEnd: input.window.end,
        installerId: input.installerId,
        checklist: items.map((item) => ({ item, done: false })),
        trainingTopics: [],
      },
    });
    return t;
  });
  publishTicket(deps.bus, ticket, 'created', at);
  return ticket;
}
