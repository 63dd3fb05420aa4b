import type { Complaint, ComplaintFollowUp, ComplaintPlan, Ticket } from '../../../core/db/generated/client.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { edgesFrom } from '../../../core/workflow/state-machines.ts';
import { presentContact } from '../consultations/presenter.ts';

type ComplaintTicket = Ticket & { complaint: (Complaint & { plans: ComplaintPlan[]; followUps: ComplaintFollowUp[] }) | null };
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentComplaint(t: ComplaintTicket, role: Role) {
  const c = t.complaint!;
  return {
    id: t.id,
    reference: `T-${t.number}`,
    status: t.status as 'open' | 'acknowledged' | 'investigating' | 'plan_shared' | 'follow_up' | 'closed' | 'cancelled',
    priority: t.priority,
    customerId: t.customerId,
    channel: c.channel,
    contact: presentContact(c, role),
    content: c.content,
    relatedTicketId: c.relatedTicketId,
    staffId: c.staffId,
    apology: c.apology,
    promise: c.promise,
    acknowledgedAt: iso(c.acknowledgedAt),
    cause: c.cause,
    responsibleParty: c.responsibleParty,
    plans: c.plans.map((p) => ({ measures: p.measures, ownerId: p.ownerId, deadline: p.deadline.toISOString(), sharedAt: p.sharedAt.toISOString() })),
    followUps: c.followUps.map((f) => ({ at: f.at.toISOString(), channel: f.channel, satisfaction: f.satisfaction, satisfied: f.satisfied, notes: f.notes })),
    satisfiedAt: iso(c.satisfiedAt),
    allowedTransitions: edgesFrom(t.type, t.status).map((x) => ({ to: x.to, action: x.via ?? null })),
    createdAt: t.createdAt.toISOString(),
  };
}
