import { useEffect, useRef, useState } from 'react';
import type { TicketSla } from '../../api/after-sales-types.ts';
import { api, ProblemError } from '../../api/client.ts';
import { mapLimit } from '../../api/map-limit.ts';
import type { TicketSummary, WorkflowTicket } from '../../api/service-types.ts';

// The ticket list carries neither SLA targets nor the assignee: they are read per open ticket
// (GET /api/workflow/tickets/{id}/sla, and the workflow view for the assignee), a few at a time, and kept
// until the ticket changes. Where the list does carry them, nothing is fetched.

export interface TicketExtras {
  /** null: no SLA policy applies */
  sla: TicketSla | null;
  assigneeId: string | null | undefined;
}

const FINAL = new Set(['closed', 'resolved_remotely', 'cancelled']);
const SLA_REFRESH_MS = 5 * 60_000;

async function slaOf(id: string): Promise<TicketSla | null> {
  try {
    return await api.get<TicketSla>(`/api/workflow/tickets/${id}/sla`);
  } catch (err) {
    if (err instanceof ProblemError && err.code === 'SLA_NOT_FOUND') return null;
    throw err;
  }
}

export function useTicketExtras(tickets: TicketSummary[] | undefined, needAssignee: boolean): Map<string, TicketExtras> {
  const [extras, setExtras] = useState(new Map<string, TicketExtras>());
  const cache = useRef(new Map<string, { version: string; extras: TicketExtras }>());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setTick((n) => n + 1), SLA_REFRESH_MS);
    return () => clearInterval(t);
  }, []);
  const open = (tickets ?? []).filter((t) => !FINAL.has(t.status));
  const key = `${open.map((t) => `${t.id}@${t.updatedAt}`).join(',')}|${needAssignee}|${tick}`;
  useEffect(() => {
    let live = true;
    const version = (t: TicketSummary) => `${t.updatedAt}|${needAssignee}|${tick}`;
    void mapLimit(open, 6, async (t) => {
      const hit = cache.current.get(t.id);
      if (hit?.version === version(t)) return [t.id, hit.extras] as const;
      const [sla, assigneeId] = await Promise.all([
        slaOf(t.id).catch(() => null),
        t.assigneeId !== undefined || !needAssignee ? Promise.resolve(t.assigneeId) : api.get<WorkflowTicket>(`/api/workflow/tickets/${t.id}`).then((w) => w.assigneeId, () => undefined),
      ]);
      const e: TicketExtras = { sla, assigneeId };
      cache.current.set(t.id, { version: version(t), extras: e });
      return [t.id, e] as const;
    }).then((pairs) => live && setExtras(new Map(pairs)));
    return () => {
      live = false;
    };
  }, [key]);
  return extras;
}
