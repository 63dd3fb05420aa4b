import { fromDbSeverity } from '../../../core/tickets/ticket-service.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { maskPersonalData } from '../../../core/users/mask-personal-data.ts';
import type { WorkflowTicket } from '../../../core/workflow/get-workflow-ticket.ts';
import { edgesFrom, INITIAL_STATUS, STATE_MACHINES } from '../../../core/workflow/state-machines.ts';
import type { z } from 'zod';
import { TICKET_TYPES, type machinesSchema } from './schema.ts';

type Json = Record<string, unknown>;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentMachines(): z.infer<typeof machinesSchema> {
  const types = {} as z.infer<typeof machinesSchema>['types'];
  for (const type of TICKET_TYPES) {
    const statuses = Object.entries(STATE_MACHINES[type]).map(([status, edges]) => [status, (edges ?? []).map((x) => ({ to: x.to, action: x.via ?? null }))]);
    types[type] = { initial: INITIAL_STATUS[type], statuses: Object.fromEntries(statuses) };
  }
  return { types };
}

/** A ticket's workflow view. Customer names and site addresses pass the personal-data masking of the caller's role. */
export function presentWorkflowTicket(t: WorkflowTicket, role: Role) {
  const customer = t.customer ? { ...t.customer, ...maskPersonalData({ name: t.customer.name }, role) } : null;
  const site = t.site ? { ...t.site, address: maskPersonalData({ address: t.site.address }, role).address ?? null } : null;
  return {
    id: t.id,
    reference: `T-${t.number}`,
    type: t.type,
    status: t.status,
    priority: t.priority,
    severity: t.severity ? fromDbSeverity(t.severity) : null,
    title: t.title,
    chargerId: t.chargerId,
    evseId: t.evseId,
    connectorId: t.connectorId,
    faultClass: t.faultClass,
    escalated: t.escalated,
    reopenCount: t.reopenCount,
    customer,
    site,
    assigneeId: t.assigneeId,
    resolution: t.resolution,
    createdAt: t.createdAt.toISOString(),
    resolvedAt: iso(t.resolvedAt),
    closedAt: iso(t.closedAt),
    allowedTransitions: edgesFrom(t.type, t.status).map((x) => ({ to: x.to, action: x.via ?? null })),
    workOrders: t.workOrders.map((w) => ({
      id: w.id,
      number: w.number,
      engineerId: w.engineerId,
      window: { start: w.windowStart.toISOString(), end: w.windowEnd.toISOString() },
      tools: w.tools,
      plannedParts: w.plannedParts as Array<{ name: string; partId?: string; quantity: number }>,
      arrivedAt: iso(w.arrivedAt),
      inspectionNotes: w.inspectionNotes,
      actions: w.actions,
      safetyChecklist: w.safetyChecklist as Array<{ item: string; done: boolean; note?: string }> | null,
      partsUsed: w.movements.filter((m) => m.kind === 'goods_out').map((m) => ({ partId: m.partId, quantity: -m.quantity })),
      completedAt: iso(w.completedAt),
      cancelledAt: iso(w.cancelledAt),
    })),
    tests: t.tests.map((x) => ({
      id: String(x.id),
      at: x.at.toISOString(),
      actor: x.actor,
      passed: x.passed,
      notes: x.notes,
      checks: (x.checks as Array<{ name: string; status: string; summary: string; commandId?: string }>).map((c) => ({ name: c.name, status: c.status, summary: c.summary, ...(c.commandId ? { commandId: c.commandId } : {}) })),
    })),
    signoffs: t.signoffs.map((s) => ({
      id: s.id,
      role: s.role,
      name: maskPersonalData({ name: s.name }, role).name ?? s.name,
      signedAt: s.signedAt.toISOString(),
      imageUrl: `/api/workflow/tickets/${t.id}/signoffs/${s.id}/image`,
    })),
    timeline: t.events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, type: e.type, detail: (e.detail as Json | null) ?? null })),
  };
}
