import type { MaintenancePlan, MaintenanceVisit } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { mapLimit } from '../../api/map-limit.ts';
import type { TicketSummary } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useLiveEvents } from '../../live/live-feed.tsx';

// The API lists maintenance plans, but visits only as maintenance tickets without their due date: each
// visit's record is read on its own (GET /api/maintenance/visits/{id}), a few at a time.

export interface VisitRow {
  id: string;
  reference: string;
  status: string;
  chargerId: string;
  planId: string;
  dueAt: string;
  completedAt: string | null;
  overdue: boolean;
}

export interface MaintenanceData {
  plans: MaintenancePlan[];
  visits: VisitRow[];
}

const DONE = new Set(['closed', 'cancelled']);

async function loadMaintenance(): Promise<MaintenanceData> {
  const [plans, tickets] = await Promise.all([
    api.get<{ items: MaintenancePlan[] }>('/api/maintenance/plans'),
    api.get<Page<TicketSummary>>('/api/tickets', { type: 'maintenance', limit: 200 }),
  ]);
  const now = Date.now();
  const visits = await mapLimit(tickets.items, 6, async (t) => {
    const v = await api.get<MaintenanceVisit>(`/api/maintenance/visits/${t.id}`);
    return { id: t.id, reference: t.reference, status: t.status, chargerId: v.chargerId, planId: v.planId, dueAt: v.dueAt, completedAt: v.completedAt, overdue: !DONE.has(t.status) && Date.parse(v.dueAt) < now };
  });
  return { plans: plans.items, visits: visits.sort((a, b) => a.dueAt.localeCompare(b.dueAt)) };
}

export function useMaintenance() {
  const data = useResource(loadMaintenance, 'maintenance');
  useLiveEvents((e) => e.name === 'ticket.updated', data.reload, 1_000);
  return data;
}

export function isOpen(v: VisitRow): boolean {
  return !DONE.has(v.status);
}

/** What the plan's visits say: the next one due, the last one done. */
export function planState(planId: string, visits: VisitRow[]) {
  const mine = visits.filter((v) => v.planId === planId);
  const next = mine.filter(isOpen).sort((a, b) => a.dueAt.localeCompare(b.dueAt))[0];
  const last = mine
    .filter((v) => v.completedAt)
    .sort((a, b) => b.completedAt!.localeCompare(a.completedAt!))[0];
  return { next, last, open: mine.filter(isOpen).length };
}
