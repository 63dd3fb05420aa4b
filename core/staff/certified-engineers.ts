import type { StaffCertification } from '../db/generated/client.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import type { EngineerEligibility } from '../workflow/dispatch-repair.ts';
import type { Db, WorkflowDeps } from '../workflow/workflow-deps.ts';

// Who may be sent to a job: an active repair engineer holding, on the day of the visit, every
// certification the charger's model requires (e.g. "hv-dc" for DC fast chargers), each one valid for
// that model. The requirements per model are data (model_checklist, kind "certifications").

export async function requiredCertifications(db: Db, model: string | null | undefined): Promise<string[]> {
  if (!model) return [];
  const row = await db.modelChecklist.findUnique({ where: { model_kind: { model, kind: 'certifications' } } });
  return row?.items ?? [];
}

export function validCertification(c: Pick<StaffCertification, 'code' | 'models' | 'issuedAt' | 'expiresAt'>, code: string, model: string | null | undefined, on: Date): boolean {
  return c.code === code && (c.issuedAt === null || c.issuedAt <= on) && (c.expiresAt === null || c.expiresAt > on) && (c.models.length === 0 || (model !== null && model !== undefined && c.models.includes(model)));
}

export interface EngineerOffer {
  userId: string;
  name: string;
  eligible: boolean;
  /** what is missing, when not eligible */
  missing: string[];
}

/** Every active repair engineer for a job, each with what certification (if any) they lack on `on`. */
export async function engineersFor(db: Db, ticket: Pick<TicketRecord, 'chargerId'>, on: Date): Promise<EngineerOffer[]> {
  const model = ticket.chargerId ? (await db.charger.findUnique({ where: { id: ticket.chargerId }, select: { model: true } }))?.model : null;
  const required = await requiredCertifications(db, model);
  const engineers = await db.user.findMany({ where: { role: 'repair_engineer', disabled: false }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  const certs = await db.staffCertification.findMany({ where: { userId: { in: engineers.map((e) => e.id) }, code: { in: required } } });
  return engineers.map((e) => {
    const mine = certs.filter((c) => c.userId === e.id);
    const missing = required.filter((code) => !mine.some((c) => validCertification(c, code, model, on)));
    return { userId: e.id, name: e.name, eligible: missing.length === 0, missing };
  });
}

/** The dispatch rule: certified for the charger and the job on the first day of the arrival window. */
export function certifiedEngineer(deps: WorkflowDeps, visitDay: () => Date = deps.now): EngineerEligibility {
  return async (engineerId, ticket) => {
    const offers = await engineersFor(deps.prisma, ticket, visitDay());
    const me = offers.find((o) => o.userId === engineerId);
    if (!me) return { eligible: false, reason: 'only active repair engineers are dispatched' };
    return me.eligible ? { eligible: true } : { eligible: false, reason: `the engineer lacks a valid certification for this charger: ${me.missing.join(', ')}` };
  };
}
