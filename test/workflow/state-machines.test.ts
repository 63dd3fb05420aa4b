import { describe, expect, it } from 'vitest';
import type { TicketStatus, TicketType } from '../../core/db/generated/enums.ts';
import { OPEN_STATUSES } from '../../core/tickets/ticket-service.ts';
import { allowedTransitions, findEdge, INITIAL_STATUS, STATE_MACHINES, statusesOf } from '../../core/workflow/state-machines.ts';

// Every legal move of every ticket type, spelled out: a change to a table shows up here as a diff.
const LEGAL: Record<TicketType, Record<string, string[]>> = {
  repair: {
    open: ['remote_action', 'resolved_remotely', 'awaiting_dispatch', 'escalated', 'cancelled'],
    remote_action: ['open', 'resolved_remotely', 'awaiting_dispatch', 'escalated', 'cancelled'],
    awaiting_dispatch: ['dispatched', 'remote_action', 'escalated', 'cancelled'],
    dispatched: ['on_site', 'awaiting_dispatch', 'escalated', 'cancelled'],
    on_site: ['testing', 'escalated'],
    testing: ['awaiting_signoff', 'on_site', 'escalated'],
    awaiting_signoff: ['closed', 'on_site'],
    escalated: ['remote_action', 'awaiting_dispatch', 'on_site', 'cancelled'],
    resolved_remotely: ['open'],
    closed: ['open'],
    cancelled: [],
  },
  consultation: { open: ['closed', 'routed', 'cancelled'], routed: ['closed', 'routed', 'cancelled'], closed: [], cancelled: [] },
  complaint: {
    open: ['acknowledged', 'cancelled'],
    acknowledged: ['investigating'],
    investigating: ['plan_shared'],
    plan_shared: ['follow_up'],
    follow_up: ['closed', 'plan_shared', 'investigating'],
    closed: [],
    cancelled: [],
  },
  installation: { scheduled: ['installed', 'cancelled'], installed: ['commissioned'], commissioned: ['trained'], trained: ['awaiting_signoff'], awaiting_signoff: ['closed'], closed: [], cancelled: [] },
  maintenance: { scheduled: ['dispatched', 'cancelled'], dispatched: ['on_site', 'scheduled', 'cancelled'], on_site: ['closed'], closed: [], cancelled: [] },
};

const ALL_STATUSES: TicketStatus[] = [
  'open', 'remote_action', 'resolved_remotely', 'awaiting_dispatch', 'dispatched', 'on_site', 'testing', 'awaiting_signoff', 'closed', 'escalated', 'cancelled',
  'routed', 'acknowledged', 'investigating', 'plan_shared', 'follow_up', 'scheduled', 'installed', 'commissioned', 'trained',
];
const TYPES = Object.keys(LEGAL) as TicketType[];

describe('ticket state machines', () => {
  it.each(TYPES)('%s: exactly the legal moves, from every status', (type) => {
    expect(Object.fromEntries(statusesOf(type).map((s) => [s, allowedTransitions(type, s)]))).toEqual(LEGAL[type]);
  });

  it.each(TYPES)('%s: every other move (from any status, to any status) is illegal', (type) => {
    for (const from of ALL_STATUSES) {
      for (const to of ALL_STATUSES) {
        const legal = (LEGAL[type][from] ?? []).includes(to);
        expect({ type, from, to, legal: findEdge(type, from, to) !== undefined }).toEqual({ type, from, to, legal });
      }
    }
  });

  it.each(TYPES)('%s: starts in a status of its own machine, and every target is a status of it', (type) => {
    const statuses = new Set(statusesOf(type));
    expect(statuses.has(INITIAL_STATUS[type])).toBe(true);
    for (const edges of Object.values(STATE_MACHINES[type])) for (const e of edges ?? []) expect(statuses.has(e.to)).toBe(true);
  });

  it('repair accepts every status the fault pipeline puts a ticket in', () => {
    for (const s of [...OPEN_STATUSES, 'resolved_remotely' as const]) expect(statusesOf('repair')).toContain(s);
  });

  it('moves that carry data belong to their action; the rest are plain transitions', () => {
    expect(findEdge('repair', 'awaiting_dispatch', 'dispatched')?.via).toBe('dispatch');
    expect(findEdge('repair', 'awaiting_signoff', 'closed')?.via).toBe('signoff');
    expect(findEdge('repair', 'open', 'escalated')?.via).toBe('escalate');
    // only a supervisor's decision takes a ticket out of escalation
    expect(allowedTransitions('repair', 'escalated').every((to) => findEdge('repair', 'escalated', to)?.via === 'decision')).toBe(true);
    expect(findEdge('repair', 'open', 'awaiting_dispatch')?.via).toBeUndefined();
    expect(findEdge('installation', 'installed', 'commissioned')?.via).toBe('commission');
  });
});
