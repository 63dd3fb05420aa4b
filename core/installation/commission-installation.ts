import type { Prisma } from '../db/generated/client.ts';
import type { TicketRecord } from '../tickets/ticket-service.ts';
import { WorkflowError } from '../workflow/errors.ts';
import { runFreshChecks, type FreshCheck } from '../workflow/fresh-checks.ts';
import { publishTicket } from '../workflow/ticket-events.ts';
import { lockTicket, moveTicket } from '../workflow/transition-ticket.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { InstallationError } from './errors.ts';

/**
 * The commissioning test: the new charger must have connected and booted over OCPP (accepted, booted
 * since it was installed, connected now) and pass a fresh status and meter check. Every attempt is
 * recorded; a failed one leaves the installation `installed` and answers with what failed.
 */
export async function commissionInstallation(deps: WorkflowDeps, input: { ticketId: string; actor: string }): Promise<TicketRecord> {
  const t0 = await deps.prisma.ticket.findUnique({ where: { id: input.ticketId }, include: { installation: true } });
  if (!t0?.installation) throw new WorkflowError('TICKET_NOT_FOUND', `no installation ${input.ticketId}`);
  if (t0.status !== 'installed') throw new WorkflowError('TICKET_TRANSITION_NOT_ALLOWED', `commissioning follows the installation; the ticket is ${t0.status}`, { from: t0.status, to: 'commissioned', allowed: [] });
  if (!deps.commands) throw new WorkflowError('COMMANDS_UNAVAILABLE', 'this node cannot talk to chargers');
  const inst = t0.installation;
  const charger = await deps.prisma.charger.findUnique({ where: { id: inst.chargerId } });
  const connected = charger ? await deps.commands.isConnected(inst.chargerId) : false;

  const boot: FreshCheck = !charger
    ? { name: 'status', status: 'failed', summary: `charger ${inst.chargerId} has never connected` }
    : charger.registration !== 'accepted'
      ? { name: 'status', status: 'failed', summary: `the charger's registration is ${charger.registration}` }
      : !charger.lastBootAt || charger.lastBootAt < inst.scheduledStart
        ? { name: 'status', status: 'failed', summary: 'the charger has not booted since it was installed' }
        : !connected
          ? { name: 'status', status: 'failed', summary: 'the charger is not connected' }
          : { name: 'status', status: 'ok', summary: `booted ${charger.lastBootAt.toISOString()} (${charger.vendor ?? '?'} ${charger.model ?? '?'}, firmware ${charger.firmwareVersion ?? '?'}), connected` };
  const checks = boot.status === 'ok' ? await runFreshChecks(deps, { id: t0.id, chargerId: inst.chargerId, evseId: null, connectorId: null }, input.actor) : [];
  const all = [{ ...boot, name: 'boot' as const }, ...checks];
  const passed = all.every((c) => c.status === 'ok');
  const at = deps.now();

  const ticket = await deps.prisma.$transaction(async (tx) => {
    const t = await lockTicket(tx, input.ticketId);
    await tx.ticketTest.create({ data: { ticketId: t.id, at, actor: input.actor, passed, notes: 'commissioning test', checks: all as unknown as Prisma.InputJsonValue } });
    if (!passed) return t;
    await tx.ticket.update({ where: { id: t.id }, data: { chargerId: inst.chargerId } });
    await tx.installation.update({ where: { ticketId: t.id }, data: { commissionedAt: at } });
    return moveTicket(tx, t, { ticketId: t.id, to: 'commissioned', via: 'commission', actor: input.actor, detail: { checks: all.map((c) => ({ name: c.name, status: c.status, summary: c.summary })) } }, at);
  });
  if (!passed) throw new InstallationError('COMMISSIONING_FAILED', `the commissioning test failed: ${all.filter((c) => c.status !== 'ok').map((c) => c.summary).join('; ')}`, { checks: all });
  publishTicket(deps.bus, ticket, 'status', at);
  return ticket;
}
