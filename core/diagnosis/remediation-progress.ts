import type { PrismaClient } from '../db/database.ts';

/** The timeline notes a ladder writes, one per step: before a wait, after an action, or for a skipped one. */
export const STEP_NOTES = ['waiting', 'auto_action', 'action_skipped'] as const;

/** The command statuses after which a ladder waits for the fault to clear (the charger carried it out). */
export const CARRIED_OUT: ReadonlySet<string> = new Set(['succeeded', 'accepted', 'in_progress']);

export interface LadderProgress {
  /** index of the next step to run */
  next: number;
  /** what is left of the wait that followed the last step (0 when none, or when it has run out) */
  waitLeftMs: number;
}

/**
 * Where a ladder stands, read from the ticket's timeline (no state of its own, so any worker can take it
 * over): the steps noted since the ladder moved the ticket to remote_action. A wait under way — the wait of
 * a waitForClear step, or the one after an action the charger carried out — continues for what is left of
 * it. An action that was under way (no note yet) runs again; the reset guardrail skips a reset that already
 * went out. Undefined when the ticket's last move to remote_action was not the ladder's (`actor`): a person
 * works it.
 */
export async function ladderProgress(prisma: PrismaClient, ticketId: string, actor: string, waitMs: number, nowMs: number): Promise<LadderProgress | undefined> {
  const start = await ladderStart(prisma, ticketId, actor);
  if (!start) return undefined;
  const notes = await prisma.ticketEvent.findMany({
    where: { ticketId, actor, type: { in: [...STEP_NOTES] }, id: { gt: start.id } },
    orderBy: { id: 'asc' },
    select: { type: true, at: true, detail: true },
  });
  const last = notes.at(-1);
  const detail = (last?.detail ?? {}) as { step?: string; status?: string };
  const waiting = last !== undefined && (last.type === 'waiting' || (last.type === 'auto_action' && detail.step !== 'retrieveLogs' && CARRIED_OUT.has(detail.status ?? '')));
  return { next: notes.length, waitLeftMs: waiting ? Math.max(0, last.at.getTime() + waitMs - nowMs) : 0 };
}

/** Whether the ticket's last move to remote_action was the ladder's (`actor`), not a person's. */
export async function inLadder(prisma: PrismaClient, ticketId: string, actor: string): Promise<boolean> {
  return (await ladderStart(prisma, ticketId, actor)) !== undefined;
}

async function ladderStart(prisma: PrismaClient, ticketId: string, actor: string): Promise<{ id: bigint } | undefined> {
  const start = await prisma.ticketEvent.findFirst({
    where: { ticketId, type: 'status', detail: { path: ['to'], equals: 'remote_action' } },
    orderBy: { id: 'desc' },
    select: { id: true, actor: true },
  });
  return start?.actor === actor ? start : undefined;
}

/** the actors of the safety response's timeline entries (SelfHealing.protect) */
export const OUT_OF_SERVICE_ACTOR = 'rule:out-of-service';
export const CATALOGUE_ACTOR = 'rule:catalogue';
/** the timeline entries after which a fault response starts: the ticket opened, reopened or was reclassified */
const OPENINGS = ['created', 'reopened', 'reclassified'];

/**
 * What the safety response already did since the ticket last opened, for a response that runs again (taken
 * over from a worker that stopped): taken out of service — a command the charger carried out, or one queued
 * for its return — and escalated by the catalogue.
 */
export async function protectionSoFar(prisma: PrismaClient, ticketId: string): Promise<{ outOfService: boolean; escalated: boolean }> {
  const opened = await prisma.ticketEvent.findFirst({ where: { ticketId, type: { in: OPENINGS } }, orderBy: { id: 'desc' }, select: { id: true } });
  const since = await prisma.ticketEvent.findMany({
    where: { ticketId, id: { gt: opened?.id ?? 0n }, OR: [{ actor: OUT_OF_SERVICE_ACTOR, type: 'auto_action' }, { actor: CATALOGUE_ACTOR, type: 'status' }] },
    select: { actor: true, detail: true },
  });
  const detail = (d: unknown) => (d ?? {}) as { step?: string; status?: string; to?: string };
  return {
    outOfService: since.some((e) => e.actor === OUT_OF_SERVICE_ACTOR && detail(e.detail).step === 'outOfService' && (CARRIED_OUT.has(detail(e.detail).status ?? '') || detail(e.detail).status === 'queued')),
    escalated: since.some((e) => e.actor === CATALOGUE_ACTOR && detail(e.detail).to === 'escalated'),
  };
}
