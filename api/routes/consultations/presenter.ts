import type { Consultation, Ticket } from '../../../core/db/generated/client.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { maskPersonalData } from '../../../core/users/mask-personal-data.ts';

export function presentContact(c: { contactName: string; contactPhone: string | null; contactEmail: string | null }, role: Role) {
  const m = maskPersonalData({ name: c.contactName, phone: c.contactPhone, email: c.contactEmail }, role);
  return { name: m.name ?? c.contactName, phone: m.phone ?? null, email: m.email ?? null };
}

export function presentConsultation(t: Ticket & { consultation: Consultation | null }, role: Role, now: Date) {
  const c = t.consultation!;
  return {
    id: t.id,
    reference: `T-${t.number}`,
    status: t.status as 'open' | 'routed' | 'closed' | 'cancelled',
    priority: t.priority,
    customerId: t.customerId,
    chargerId: t.chargerId,
    channel: c.channel,
    contact: presentContact(c, role),
    content: c.content,
    routedTo: c.routedTo,
    promisedReplyBy: c.promisedReplyBy?.toISOString() ?? null,
    overdue: t.status === 'routed' && c.promisedReplyBy !== null && c.promisedReplyBy < now,
    answer: c.answer,
    answeredAt: c.answeredAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
  };
}
