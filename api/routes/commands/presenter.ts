import type { Command, CommandEvent } from '../../../core/db/generated/client.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentCommand(c: Command) {
  return {
    id: c.id,
    chargerId: c.chargerId,
    kind: c.kind,
    command: c.params as Record<string, unknown>,
    status: c.status,
    requestedBy: c.requestedBy,
    ticketId: c.ticketId,
    result: c.result ?? null,
    error: c.error,
    progress: c.progress,
    requestedAt: c.requestedAt.toISOString(),
    sentAt: iso(c.sentAt),
    completedAt: iso(c.completedAt),
    expiresAt: iso(c.expiresAt),
  };
}

export function presentCommandDetail(c: Command & { events: CommandEvent[] }) {
  return {
    ...presentCommand(c),
    events: c.events.map((e) => ({ at: e.at.toISOString(), status: e.status, detail: e.detail ?? null })),
  };
}
