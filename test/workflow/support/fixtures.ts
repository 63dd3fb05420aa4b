import type { PrismaClient } from '../../../core/db/database.ts';
import type { TicketStatus, TicketType } from '../../../core/db/generated/enums.ts';
import { SAFETY_CHECKLIST } from '../../../core/workflow/record-on-site.ts';

/** A real 8×4 PNG: what a dashboard's signature canvas sends. */
export const PNG_SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAECAAAAACWpiEsAAAAFklEQVR4nGNg+A8BDGD0H0oywBggCgD0PRvlxRNJsQAAAABJRU5ErkJggg==';

export const SAFE = SAFETY_CHECKLIST.map((item) => ({ item, done: true }));

let n = 0;

/** A ticket as the fault pipeline (or an intake) leaves it: builders keep tests short. */
export async function aTicket(prisma: PrismaClient, o: { type?: TicketType; status?: TicketStatus; chargerId?: string; faultClass?: string; parts?: string[]; customerId?: string } = {}) {
  const type = o.type ?? 'repair';
  const status = o.status ?? (type === 'installation' || type === 'maintenance' ? 'scheduled' : 'open');
  if (o.chargerId) await prisma.charger.upsert({ where: { id: o.chargerId }, create: { id: o.chargerId, model: 'AC22-T2' }, update: {} });
  const faultClass = o.faultClass ?? (type === 'repair' ? 'ocpp16:GroundFailure' : null);
  return prisma.ticket.create({
    data: {
      type,
      status,
      title: `test ${type} ${++n}`,
      chargerId: o.chargerId ?? null,
      evseId: o.chargerId ? 1 : null,
      connectorId: o.chargerId ? 1 : null,
      faultClass,
      severity: type === 'repair' ? 'high' : null,
      diagnosis: { parts: o.parts ?? ['RCD / ground-fault module'] },
      openKey: type === 'repair' && o.chargerId && ['open', 'awaiting_dispatch', 'escalated'].includes(status) ? `${o.chargerId}/1/1/${faultClass}` : null,
      customerId: o.customerId ?? null,
    },
  });
}

export async function aPart(prisma: PrismaClient, o: { name?: string; quantity?: number; models?: string[] } = {}) {
  return prisma.part.create({
    data: { sku: `SKU-${process.pid}-${++n}`, name: o.name ?? `part ${n}`, quantity: o.quantity ?? 10, compatibleModels: o.models ?? [], reorderPoint: 2 },
  });
}
