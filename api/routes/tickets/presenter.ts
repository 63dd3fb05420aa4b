import { z } from 'zod';
import type { Command, Fault, Prisma, Ticket, TicketEvent, UploadSlot } from '../../../core/db/generated/client.ts';
import { fromDbSeverity } from '../../../core/tickets/ticket-service.ts';
import { maskPersonalData } from '../../../core/users/mask-personal-data.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { presentCommand } from '../commands/presenter.ts';
import { presentFault } from '../faults/presenter.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentTicketSummary(t: Ticket) {
  return {
    id: t.id,
    number: t.number,
    reference: `T-${t.number}`,
    type: t.type,
    status: t.status,
    chargerId: t.chargerId,
    evseId: t.evseId,
    connectorId: t.connectorId,
    faultClass: t.faultClass,
    severity: t.severity ? fromDbSeverity(t.severity) : null,
    title: t.title,
    occurrences: t.occurrences,
    escalated: t.escalated,
    reopenCount: t.reopenCount,
    firstOccurredAt: iso(t.firstOccurredAt),
    lastOccurredAt: iso(t.lastOccurredAt),
    resolvedAt: iso(t.resolvedAt),
    resolution: t.resolution,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

// The diagnosis as core writes it: the catalogue's view at creation (checks pending), then the runner's
// results (core/diagnosis/diagnosis-runner.ts). Parsed, so a change of shape there fails loudly here.
const storedDiagnosis = z.object({
  entryKey: z.string(),
  catalogueVersion: z.string().nullable().default(null),
  title: z.string(),
  description: z.string(),
  severity: z.enum(['safety-critical', 'high', 'medium', 'low', 'transient']),
  likelyCauses: z.array(z.string()),
  recommendedAction: z.string(),
  parts: z.array(z.string()),
  selfHealing: z.object({ allowed: z.boolean(), steps: z.array(z.string()) }),
  outOfService: z.boolean(),
  generic: z.boolean().default(false),
  summary: z.string().nullable().default(null),
  completedAt: z.string().nullable().default(null),
  checks: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['pending', 'ok', 'warning', 'failed', 'skipped']),
      summary: z.string().nullable().default(null),
      data: z.unknown().default(null),
      ranAt: z.string().nullable().default(null),
    }),
  ),
});

export function presentDiagnosis(d: Prisma.JsonValue | null) {
  return d === null ? null : storedDiagnosis.parse(d);
}

/** Timeline details are free-form: any personal-data field in them is masked like everywhere else. */
function presentDetail(detail: Prisma.JsonValue | null, role: Role): unknown {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return detail;
  return maskPersonalData(detail as Record<string, string | null>, role);
}

export function presentTicketDetail(
  t: Ticket & { events: TicketEvent[]; faults: Fault[]; commands: Command[] },
  files: UploadSlot[],
  role: Role,
) {
  return {
    ...presentTicketSummary(t),
    diagnosis: presentDiagnosis(t.diagnosis),
    timeline: t.events.map((e) => ({ at: e.at.toISOString(), actor: e.actor, type: e.type, detail: presentDetail(e.detail, role) })),
    faults: t.faults.map(presentFault),
    commands: t.commands.map(presentCommand),
    files: files.map((f) => ({ id: f.id, fileName: f.fileName, sizeBytes: f.sizeBytes, sha256: f.sha256, commandId: f.commandId, receivedAt: f.receivedAt!.toISOString(), url: `/api/diagnostics/${f.id}` })),
  };
}
