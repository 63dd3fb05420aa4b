import type { Customer } from '../../../core/db/generated/client.ts';
import type { CustomerRecord } from '../../../core/customers/get-customer-record.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { maskPersonalData } from '../../../core/users/mask-personal-data.ts';

/** Customer data is confidential: names, contacts and addresses pass the masking of the caller's role. */
export function presentCustomer(c: Customer, role: Role) {
  const masked = maskPersonalData({ name: c.name, phone: c.phone, email: c.email, address: c.address }, role);
  return {
    id: c.id,
    name: masked.name ?? c.name,
    contactName: c.contactName ? (maskPersonalData({ name: c.contactName }, role).name ?? null) : null,
    phone: masked.phone ?? null,
    email: masked.email ?? null,
    address: masked.address ?? null,
    tier: c.tier,
    notes: c.notes,
    createdAt: c.createdAt.toISOString(),
  };
}

export function presentCustomerRecord(c: CustomerRecord, role: Role) {
  return {
    ...presentCustomer(c, role),
    sites: c.sites.map((s) => ({ id: s.id, name: s.name, address: maskPersonalData({ address: s.address }, role).address ?? null, environment: s.environment, chargers: s.chargers })),
    history: c.tickets.map((t) => ({ ticketId: t.id, reference: `T-${t.number}`, type: t.type, status: t.status, title: t.title, chargerId: t.chargerId, createdAt: t.createdAt.toISOString(), closedAt: (t.closedAt ?? t.resolvedAt)?.toISOString() ?? null })),
    feedback: c.tickets
      .filter((t) => t.survey?.answeredAt)
      .map((t) => ({ ticketId: t.id, reference: `T-${t.number}`, at: t.survey!.answeredAt!.toISOString(), score: t.survey!.score ?? 0, comment: t.survey!.comment })),
    complaints: c.tickets.filter((t) => t.type === 'complaint').length,
    notices: c.notices.map((n) => ({ at: n.at.toISOString(), channel: n.channel, subject: n.subject, ticketId: n.ticketId })),
  };
}
