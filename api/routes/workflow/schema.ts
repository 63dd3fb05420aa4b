import { z } from 'zod';

export const TICKET_STATUSES = [
  'open', 'remote_action', 'resolved_remotely', 'awaiting_dispatch', 'dispatched', 'on_site', 'testing', 'awaiting_signoff', 'closed', 'escalated', 'cancelled',
  'routed', 'acknowledged', 'investigating', 'plan_shared', 'follow_up', 'scheduled', 'installed', 'commissioned', 'trained',
] as const;
export const TICKET_TYPES = ['repair', 'consultation', 'installation', 'maintenance', 'complaint'] as const;
export const CONTACT_CHANNELS = ['phone', 'email', 'chat', 'web', 'visit'] as const;
const ACTIONS = ['dispatch', 'on-site', 'test', 'signoff', 'escalate', 'decision', 'answer', 'route', 'acknowledge', 'investigate', 'plan', 'follow-up', 'commission', 'acceptance', 'findings'] as const;

export const ticketStatusSchema = z.enum(TICKET_STATUSES).meta({ example: 'awaiting_dispatch' });
const isoDate = z.iso.datetime({ offset: true });

export const ticketIdParams = z.object({ id: z.uuid() });
export const signoffParams = z.object({ id: z.uuid(), signoffId: z.uuid() });

const edgeSchema = z.object({
  to: ticketStatusSchema,
  action: z.enum(ACTIONS).nullable().meta({ description: 'the action endpoint that performs this move; null = POST …/transitions' }),
});

export const machinesSchema = z.object({
  types: z.record(
    z.enum(TICKET_TYPES),
    z.object({ initial: ticketStatusSchema, statuses: z.record(z.string(), z.array(edgeSchema)) }),
  ),
});

const checklistItem = z.object({ item: z.string().min(1).max(200), done: z.boolean(), note: z.string().max(1000).optional() });
const partLine = z.object({ partId: z.uuid(), quantity: z.number().int().min(1).max(10_000) });

export const workOrderSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  engineerId: z.uuid(),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime() }),
  tools: z.array(z.string()),
  plannedParts: z.array(z.object({ name: z.string(), partId: z.uuid().optional(), quantity: z.number().int() })),
  arrivedAt: z.iso.datetime().nullable(),
  inspectionNotes: z.string().nullable(),
  actions: z.array(z.string()),
  safetyChecklist: z.array(checklistItem).nullable(),
  partsUsed: z.array(z.object({ partId: z.uuid(), quantity: z.number().int() })),
  completedAt: z.iso.datetime().nullable(),
  cancelledAt: z.iso.datetime().nullable(),
});

export const workflowTicketSchema = z.object({
  id: z.uuid(),
  reference: z.string().meta({ example: 'T-42' }),
  type: z.enum(TICKET_TYPES),
  status: ticketStatusSchema,
  priority: z.enum(['urgent', 'high', 'normal', 'low']),
  severity: z.string().nullable().meta({ example: 'high' }),
  title: z.string(),
  chargerId: z.string().nullable(),
  evseId: z.number().int().nullable(),
  connectorId: z.number().int().nullable(),
  faultClass: z.string().nullable(),
  escalated: z.boolean(),
  reopenCount: z.number().int(),
  customer: z.object({ id: z.uuid(), name: z.string(), tier: z.enum(['standard', 'premium', 'key_account']) }).nullable(),
  site: z.object({ id: z.uuid(), name: z.string(), address: z.string().nullable() }).nullable(),
  assigneeId: z.uuid().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  allowedTransitions: z.array(edgeSchema),
  workOrders: z.array(workOrderSchema),
  tests: z.array(z.object({ id: z.string(), at: z.iso.datetime(), actor: z.string(), passed: z.boolean(), notes: z.string().nullable(), checks: z.array(z.object({ name: z.string(), status: z.string(), summary: z.string(), commandId: z.string().optional() })) })),
  signoffs: z.array(z.object({ id: z.uuid(), role: z.enum(['customer', 'technician']), name: z.string(), signedAt: z.iso.datetime(), imageUrl: z.string() })),
  timeline: z.array(z.object({ at: z.iso.datetime(), actor: z.string(), type: z.string().meta({ example: 'status' }), detail: z.record(z.string(), z.unknown()).nullable() })),
});

export const transitionBody = z.object({
  to: ticketStatusSchema,
  note: z.string().trim().min(1).max(2000).optional(),
});

export const dispatchBody = z.object({
  engineerId: z.uuid(),
  window: z.object({ start: isoDate, end: isoDate }).meta({ description: 'the arrival window agreed with the customer' }),
  tools: z.array(z.string().min(1).max(200)).max(50).optional().meta({ description: 'beyond the standard kit' }),
  parts: z.array(z.object({ name: z.string().min(1).max(200), partId: z.uuid().optional(), quantity: z.number().int().min(1).max(1000) })).max(50).optional()
    .meta({ description: 'absent: the parts the diagnosis names, matched to the catalogue' }),
  note: z.string().max(2000).optional(),
});

export const onSiteBody = z.object({
  arrivedAt: isoDate.optional(),
  inspectionNotes: z.string().trim().min(1).max(10_000),
  actions: z.array(z.string().min(1).max(1000)).max(100),
  safetyChecklist: z.array(checklistItem).max(50).meta({ description: 'every item of the safety checklist, ticked' }),
  partsUsed: z.array(partLine).max(50).default([]),
});

export const testBody = z.object({
  passed: z.boolean().meta({ description: "the engineer's verdict on the functional test" }),
  notes: z.string().max(10_000).optional(),
  freshCheck: z.boolean().default(true).meta({ description: 'ask the charger for a fresh status and meter values over OCPP first' }),
  returnToService: z.boolean().default(false).meta({ description: 'send ChangeAvailability Operative first (a charger taken out of use for the fault)' }),
});

export const signoffBody = z.object({
  name: z.string().trim().min(1).max(200).meta({ example: 'Ana López' }),
  signature: z.string().min(1).max(400_000).meta({ description: 'data URL of the drawn signature: image/png (base64) or image/svg+xml, at most 256 KiB' }),
  signedAt: isoDate.optional(),
});

export const escalateBody = z.object({
  kind: z.enum(['safety', 'quality']),
  reason: z.string().trim().min(1).max(2000),
});

export const decisionBody = z.object({
  decision: z.enum(['replacement', 'suspension', 'continue', 'cancel']),
  next: z.enum(['remote_action', 'awaiting_dispatch', 'on_site']).optional(),
  reason: z.string().trim().min(1).max(2000),
  notice: z.object({ channel: z.enum(CONTACT_CHANNELS), subject: z.string().trim().min(1).max(200), message: z.string().trim().min(1).max(10_000) }).optional(),
});

export const decisionResponse = z.object({ ticket: workflowTicketSchema, commandId: z.uuid().nullable() });

export const engineersQuery = z.object({ on: isoDate.optional().meta({ description: 'the day of the visit (default: now): certifications must be valid then' }) });
export const engineersSchema = z.object({
  items: z.array(z.object({ userId: z.uuid(), name: z.string(), eligible: z.boolean(), missing: z.array(z.string()).meta({ description: 'certifications lacking (or expired)' }) })),
});
