import type { TicketRecord } from '../tickets/ticket-service.ts';
import { checklistFor } from '../installation/checklists.ts';
import { createTicketIn } from '../workflow/create-ticket.ts';
import { publishTicket } from '../workflow/ticket-events.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { maintenanceDue } from './due-date.ts';

interface Covered {
  plan_id: string;
  charger_id: string;
  model: string | null;
  site_id: string | null;
  customer_id: string | null;
  environment: string[] | null;
  interval_days: number;
  energy_kwh_per_service: number | null;
  sessions_per_service: number | null;
  lead_days: number;
  checklist: string[];
  name: string;
  since: Date;
  open_visits: number;
}

/**
 * Generates maintenance visits ahead of their due date: for every active plan and charger it covers
 * (a charger's own plan, else its model's), the due date from the last visit, the site's environment and
 * the sessions and energy since (summed in the database); a visit opens `leadDays` before it falls due,
 * once — never a second one while one is open.
 */
export async function generateMaintenanceWorkOrders(deps: WorkflowDeps): Promise<TicketRecord[]> {
  const now = deps.now();
  const rows = await deps.prisma.$queryRaw<Covered[]>`
    SELECT p."id" AS plan_id, c."id" AS charger_id, c."model", c."site_id", s."customer_id", s."environment",
           p."interval_days", p."energy_kwh_per_service", p."sessions_per_service", p."lead_days", p."checklist", p."name",
           coalesce((SELECT max(v."completed_at") FROM "maintenance_visit" v WHERE v."plan_id" = p."id" AND v."charger_id" = c."id"),
                    (SELECT i."commissioned_at" FROM "installation" i WHERE i."charger_id" = c."id" AND i."commissioned_at" IS NOT NULL ORDER BY i."commissioned_at" DESC LIMIT 1),
                    c."first_seen_at", c."created_at") AS since,
           (SELECT count(*)::int FROM "maintenance_visit" v JOIN "ticket" t ON t."id" = v."ticket_id"
             WHERE v."plan_id" = p."id" AND v."charger_id" = c."id" AND t."status"::text NOT IN ('closed', 'cancelled')) AS open_visits
    FROM "maintenance_plan" p
    JOIN "charger" c ON (p."charger_id" = c."id") OR (p."charger_id" IS NULL AND p."model" = c."model"
      AND NOT EXISTS (SELECT 1 FROM "maintenance_plan" own WHERE own."charger_id" = c."id" AND own."active"))
    LEFT JOIN "site" s ON s."id" = c."site_id"
    WHERE p."active"`;
  const created: TicketRecord[] = [];
  for (const r of rows) {
    if (r.open_visits > 0) continue;
    const [usage] = await deps.prisma.$queryRaw<Array<{ sessions: number; energy_kwh: number }>>`
      SELECT count(*)::int AS sessions, coalesce(sum(greatest("meter_stop_wh" - "meter_start_wh", 0)), 0)::float8 / 1000 AS energy_kwh
      FROM "transaction" WHERE "charger_id" = ${r.charger_id} AND "started_at" >= ${r.since}`;
    const due = maintenanceDue({
      since: r.since,
      intervalDays: r.interval_days,
      environment: r.environment ?? [],
      energyKwhPerService: r.energy_kwh_per_service,
      sessionsPerService: r.sessions_per_service,
      usage: { energyKwh: usage?.energy_kwh ?? 0, sessions: usage?.sessions ?? 0 },
      now,
    });
    if (now.getTime() < due.dueAt.getTime() - r.lead_days * 86_400_000) continue;
    const items = r.checklist.length ? r.checklist : await checklistFor(deps.prisma, r.model, 'maintenance');
    const ticket = await deps.prisma.$transaction(async (tx) => {
      // one generator at a time per plan and charger (several nodes may run it)
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`maintenance:${r.plan_id}:${r.charger_id}`}))`;
      const open = await tx.maintenanceVisit.count({ where: { planId: r.plan_id, chargerId: r.charger_id, ticket: { status: { notIn: ['closed', 'cancelled'] } } } });
      if (open > 0) return null;
      const t = await createTicketIn(tx, { type: 'maintenance', title: `${r.name}: ${r.charger_id} due ${due.dueAt.toISOString().slice(0, 10)}`, chargerId: r.charger_id, customerId: r.customer_id, siteId: r.site_id, actor: 'rule:maintenance-plan', detail: { planId: r.plan_id, dueAt: due.dueAt.toISOString(), reason: due.reason } }, now);
      await tx.maintenanceVisit.create({ data: { ticketId: t.id, planId: r.plan_id, chargerId: r.charger_id, dueAt: due.dueAt, checklist: items.map((item) => ({ item, done: false })) } });
      return t;
    });
    if (ticket) {
      publishTicket(deps.bus, ticket, 'created', now);
      created.push(ticket);
    }
  }
  return created;
}
