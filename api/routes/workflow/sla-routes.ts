import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { SlaPolicy } from '../../../core/db/generated/client.ts';
import { SlaError } from '../../../core/sla/errors.ts';
import { loadCalendar } from '../../../core/sla/load-calendar.ts';
import { pauseSla, resumeSla } from '../../../core/sla/pause-sla.ts';
import { saveCalendar } from '../../../core/sla/save-calendar.ts';
import { evaluateSla } from '../../../core/sla/sla-clock.ts';
import { startTicketSla } from '../../../core/sla/start-ticket-sla.ts';
import { userActor, type WorkflowDeps } from '../../../core/workflow/workflow-deps.ts';
import { calendarBody, calendarParams, calendarSchema, pauseBody, policyBody, policyList, policySchema, ticketSlaSchema } from './sla-schema.ts';
import { ticketIdParams } from './schema.ts';

const tags = ['sla'];
const iso = (d: Date | null) => d?.toISOString() ?? null;
const presentPolicy = (p: SlaPolicy) => ({ id: p.id, name: p.name, ticketType: p.ticketType, priority: p.priority, tier: p.tier, responseMinutes: p.responseMinutes, resolutionMinutes: p.resolutionMinutes, warnPercent: p.warnPercent, calendarId: p.calendarId });

/** SLA targets per ticket, pauses, business calendars and policies (under /api/workflow). */
export function slaRoutes(deps: WorkflowDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const ticketSla = async (ticketId: string) => {
      const sla = (await deps.prisma.ticketSla.findUnique({ where: { ticketId }, include: { pauses: { orderBy: { startedAt: 'asc' } } } })) ?? (await startTicketSla(deps.prisma, ticketId).then(() => deps.prisma.ticketSla.findUnique({ where: { ticketId }, include: { pauses: true } })));
      if (!sla) throw new SlaError('SLA_NOT_FOUND', 'no SLA policy applies to this ticket');
      const status = evaluateSla(await loadCalendar(deps.prisma, sla.calendarId), sla, sla.pauses, deps.now());
      const target = (t: typeof status.response) => ({ ...t, dueAt: iso(t.dueAt) });
      return {
        policyId: sla.policyId,
        calendarId: sla.calendarId,
        startedAt: sla.startedAt.toISOString(),
        respondedAt: iso(sla.respondedAt),
        resolvedAt: iso(sla.resolvedAt),
        response: target(status.response),
        resolution: target(status.resolution),
        pauses: sla.pauses.map((p) => ({ reason: p.reason, startedAt: p.startedAt.toISOString(), endedAt: iso(p.endedAt) })),
      };
    };

    app.get('/tickets/:id/sla', { config: { access: 'tickets:read' }, schema: { tags, summary: "A ticket's SLA: response and resolution targets on the business calendar, pauses", params: ticketIdParams, response: { 200: ticketSlaSchema } } }, async (req) => {
      const exists = await deps.prisma.ticket.count({ where: { id: req.params.id } });
      if (!exists) throw new SlaError('SLA_NOT_FOUND', 'no such ticket');
      return ticketSla(req.params.id);
    });

    app.post(
      '/tickets/:id/sla/pause',
      { config: { access: 'tickets:write', action: 'sla.pause' }, schema: { tags, summary: 'Pause the SLA clock: waiting for the customer or for parts', params: ticketIdParams, body: pauseBody, response: { 200: ticketSlaSchema } } },
      async (req) => {
        await startTicketSla(deps.prisma, req.params.id);
        await pauseSla(deps, { ticketId: req.params.id, reason: req.body.reason, actor: userActor(req.principal!.userId) });
        return ticketSla(req.params.id);
      },
    );

    app.post('/tickets/:id/sla/resume', { config: { access: 'tickets:write', action: 'sla.resume' }, schema: { tags, summary: 'Start the SLA clock again', params: ticketIdParams, response: { 200: ticketSlaSchema } } }, async (req) => {
      await resumeSla(deps, { ticketId: req.params.id, actor: userActor(req.principal!.userId) });
      return ticketSla(req.params.id);
    });

    app.get('/sla/calendars/:id', { config: { access: 'tickets:read' }, schema: { tags, summary: 'A business calendar', params: calendarParams, response: { 200: calendarSchema } } }, async (req) => {
      const c = await loadCalendar(deps.prisma, req.params.id);
      return { id: req.params.id, timeZone: c.timeZone, workdays: [...c.workdays], openMinute: c.openMinute, closeMinute: c.closeMinute, holidays: await holidaysOf(req.params.id) };
    });

    app.put(
      '/sla/calendars/:id',
      { config: { access: 'tickets:supervise', action: 'sla.calendar.save' }, schema: { tags, summary: 'Create or replace a business calendar (working days, hours, holidays)', params: calendarParams, body: calendarBody, response: { 200: calendarSchema } } },
      async (req) => {
        await saveCalendar(deps, { id: req.params.id, ...req.body });
        return { id: req.params.id, ...req.body, workdays: [...new Set(req.body.workdays)].sort(), holidays: await holidaysOf(req.params.id) };
      },
    );

    app.get('/sla/policies', { config: { access: 'tickets:read' }, schema: { tags, summary: 'SLA policies', response: { 200: policyList } } }, async () => ({
      items: (await deps.prisma.slaPolicy.findMany({ orderBy: [{ ticketType: 'asc' }, { createdAt: 'asc' }] })).map(presentPolicy),
    }));

    app.post('/sla/policies', { config: { access: 'tickets:supervise', action: 'sla.policy.create' }, schema: { tags, summary: 'Add an SLA policy (by ticket type, priority, customer tier)', body: policyBody, response: { 201: policySchema } } }, async (req, reply) => {
      await loadCalendar(deps.prisma, req.body.calendarId);
      const p = await deps.prisma.slaPolicy.create({ data: req.body });
      req.auditTarget = `sla-policy:${p.id}`;
      return reply.code(201).send(presentPolicy(p));
    });

    async function holidaysOf(id: string) {
      return (await deps.prisma.holiday.findMany({ where: { calendarId: id }, orderBy: { date: 'asc' } })).map((h) => ({ date: h.date.toISOString().slice(0, 10), name: h.name }));
    }
  };
}
