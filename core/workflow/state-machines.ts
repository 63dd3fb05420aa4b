import type { TicketStatus, TicketType } from '../db/generated/enums.ts';

// The after-sales regulation's ticket types, each an explicit state machine: one table per type, every
// legal move listed once. A move marked `via` carries data of its own (an engineer and arrival window, a
// test result, a signature, a supervisor's decision…) and happens only through that use case; the rest
// go through the plain `transition` use case. Anything not listed is refused with the legal moves.

/** The use cases that own a move (and the endpoint that performs it). */
export type TransitionVia =
  | 'dispatch'
  | 'on-site'
  | 'test'
  | 'signoff'
  | 'escalate'
  | 'decision'
  | 'answer'
  | 'route'
  | 'acknowledge'
  | 'investigate'
  | 'plan'
  | 'follow-up'
  | 'commission'
  | 'acceptance'
  | 'findings';

export interface Edge {
  to: TicketStatus;
  via?: TransitionVia;
}

type Machine = Partial<Record<TicketStatus, readonly Edge[]>>;
const e = (to: TicketStatus, via?: TransitionVia): Edge => (via ? { to, via } : { to });

/**
 * Repair (the fault pipeline opens these): triage → resolved remotely, or dispatched → on site → test →
 * customer sign-off → closed. Safety or quality problems escalate to a supervisor, whose decision is the
 * only way out of `escalated`. Resolved and closed tickets reopen (a recurrence, or by hand).
 */
const repair: Machine = {
  open: [e('remote_action'), e('resolved_remotely'), e('awaiting_dispatch'), e('escalated', 'escalate'), e('cancelled')],
  remote_action: [e('open'), e('resolved_remotely'), e('awaiting_dispatch'), e('escalated', 'escalate'), e('cancelled')],
  awaiting_dispatch: [e('dispatched', 'dispatch'), e('remote_action'), e('escalated', 'escalate'), e('cancelled')],
  dispatched: [e('on_site', 'on-site'), e('awaiting_dispatch'), e('escalated', 'escalate'), e('cancelled')],
  on_site: [e('testing', 'test'), e('escalated', 'escalate')],
  testing: [e('awaiting_signoff', 'test'), e('on_site', 'test'), e('escalated', 'escalate')],
  awaiting_signoff: [e('closed', 'signoff'), e('on_site', 'on-site')],
  escalated: [e('remote_action', 'decision'), e('awaiting_dispatch', 'decision'), e('on_site', 'decision'), e('cancelled', 'decision')],
  resolved_remotely: [e('open')],
  closed: [e('open')],
  cancelled: [],
};

/** Consultation: answered at once, or routed to the right person with a promised reply time. */
const consultation: Machine = {
  open: [e('closed', 'answer'), e('routed', 'route'), e('cancelled')],
  routed: [e('closed', 'answer'), e('routed', 'route'), e('cancelled')],
  closed: [],
  cancelled: [],
};

/**
 * Complaint: acknowledged with an apology → supervisor investigation → handling plan shared with the
 * customer → follow-up; an unsatisfied customer loops back to a new plan (or a new investigation).
 */
const complaint: Machine = {
  open: [e('acknowledged', 'acknowledge'), e('cancelled')],
  acknowledged: [e('investigating', 'investigate')],
  investigating: [e('plan_shared', 'plan')],
  plan_shared: [e('follow_up', 'follow-up')],
  follow_up: [e('closed', 'follow-up'), e('plan_shared', 'plan'), e('investigating', 'investigate')],
  closed: [],
  cancelled: [],
};

/** Installation and commissioning: scheduled → installed → commissioned (OCPP check) → customer trained → acceptance report signed. */
const installation: Machine = {
  scheduled: [e('installed'), e('cancelled')],
  installed: [e('commissioned', 'commission')],
  commissioned: [e('trained')],
  trained: [e('awaiting_signoff')],
  awaiting_signoff: [e('closed', 'acceptance')],
  closed: [],
  cancelled: [],
};

/** Maintenance visit from a plan: scheduled → dispatched → on site → closed with findings (the customer is told). */
const maintenance: Machine = {
  scheduled: [e('dispatched', 'dispatch'), e('cancelled')],
  dispatched: [e('on_site', 'on-site'), e('scheduled'), e('cancelled')],
  on_site: [e('closed', 'findings')],
  closed: [],
  cancelled: [],
};

export const STATE_MACHINES: Readonly<Record<TicketType, Machine>> = { repair, consultation, complaint, installation, maintenance };

/** Where a new ticket of each type starts. */
export const INITIAL_STATUS: Readonly<Record<TicketType, TicketStatus>> = {
  repair: 'open',
  consultation: 'open',
  complaint: 'open',
  installation: 'scheduled',
  maintenance: 'scheduled',
};

/** Statuses in which the ticket's work is over (SLA resolution, KPIs). */
export const FINAL_STATUSES: ReadonlySet<TicketStatus> = new Set(['resolved_remotely', 'closed', 'cancelled']);

export function edgesFrom(type: TicketType, status: TicketStatus): readonly Edge[] {
  return STATE_MACHINES[type][status] ?? [];
}

/** The statuses a ticket of `type` may move to from `status` (whatever use case performs the move). */
export function allowedTransitions(type: TicketType, status: TicketStatus): TicketStatus[] {
  return edgesFrom(type, status).map((x) => x.to);
}

export function findEdge(type: TicketType, from: TicketStatus, to: TicketStatus): Edge | undefined {
  return edgesFrom(type, from).find((x) => x.to === to);
}

/** Every status a ticket of this type can be in. */
export function statusesOf(type: TicketType): TicketStatus[] {
  return Object.keys(STATE_MACHINES[type]) as TicketStatus[];
}
