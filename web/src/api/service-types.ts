// Tickets and commands as the dashboard reads them (see /docs/json for the authoritative shapes).

export type TicketStatus =
  | 'open'
  | 'remote_action'
  | 'resolved_remotely'
  | 'awaiting_dispatch'
  | 'dispatched'
  | 'on_site'
  | 'testing'
  | 'awaiting_signoff'
  | 'closed'
  | 'escalated'
  | 'cancelled'
  | 'routed'
  | 'acknowledged'
  | 'investigating'
  | 'plan_shared'
  | 'follow_up'
  | 'scheduled'
  | 'installed'
  | 'commissioned'
  | 'trained';

export type Severity = 'safety-critical' | 'high' | 'medium' | 'low' | 'transient';

export interface DiagnosisCheck {
  name: string;
  status: 'pending' | 'ok' | 'warning' | 'failed' | 'skipped';
  summary: string | null;
  data?: unknown;
  ranAt: string | null;
}

export interface Diagnosis {
  entryKey: string;
  title: string;
  description: string;
  severity: Severity;
  likelyCauses: string[];
  recommendedAction: string;
  parts: string[];
  selfHealing: { allowed: boolean; steps: string[] };
  outOfService: boolean;
  summary: string | null;
  completedAt: string | null;
  checks: DiagnosisCheck[];
}

export interface TicketSummary {
  id: string;
  number: number;
  reference: string;
  type: string;
  status: TicketStatus;
  severity: Severity | null;
  title: string;
  chargerId: string | null;
  evseId: number | null;
  connectorId: number | null;
  faultClass: string | null;
  occurrences: number;
  escalated: boolean;
  reopenCount: number;
  firstOccurredAt: string | null;
  lastOccurredAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  /** present once the ticket list reports it; until then read per ticket (use-ticket-extras.ts) */
  assigneeId?: string | null;
}

export interface TimelineEntry {
  at: string;
  actor: string;
  type: string;
  detail: unknown;
}

export interface FaultView {
  id: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  source: string;
  code: string;
  vendorId: string | null;
  vendorCode: string | null;
  info: string | null;
  faultClass: string;
  severity: Severity;
  reportedAt: string;
  clearedAt: string | null;
  ticketId: string | null;
}

export interface TicketFile {
  id: string;
  fileName: string | null;
  sizeBytes: number | null;
  sha256: string | null;
  commandId: string | null;
  receivedAt: string;
  url: string;
}

export interface TicketDetail extends TicketSummary {
  diagnosis: Diagnosis | null;
  timeline: TimelineEntry[];
  faults: FaultView[];
  commands: CommandView[];
  files: TicketFile[];
}

export type CommandStatus = 'queued' | 'sent' | 'accepted' | 'in_progress' | 'succeeded' | 'rejected' | 'failed' | 'timed_out' | 'expired';
export const FINAL_COMMAND_STATUSES: readonly CommandStatus[] = ['succeeded', 'rejected', 'failed', 'timed_out', 'expired'];

export interface CommandView {
  id: string;
  chargerId: string;
  kind: string;
  command: Record<string, unknown>;
  status: CommandStatus;
  requestedBy: string;
  ticketId: string | null;
  result: unknown;
  error: string | null;
  progress: string | null;
  requestedAt: string;
  sentAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
}

export interface WorkflowEdge {
  to: TicketStatus;
  /** the action endpoint that performs the move; null = POST …/transitions */
  action: string | null;
}

export interface WorkOrder {
  id: string;
  number: number;
  engineerId: string;
  window: { start: string; end: string };
  tools: string[];
  plannedParts: Array<{ name: string; partId?: string; quantity: number }>;
  arrivedAt: string | null;
  inspectionNotes: string | null;
  actions: string[];
  safetyChecklist: Array<{ item: string; done: boolean; note?: string }> | null;
  partsUsed: Array<{ partId: string; quantity: number }>;
  completedAt: string | null;
  cancelledAt: string | null;
}

export interface WorkflowTicket {
  id: string;
  reference: string;
  type: string;
  status: TicketStatus;
  priority: 'urgent' | 'high' | 'normal' | 'low';
  title: string;
  chargerId: string | null;
  escalated: boolean;
  resolution: string | null;
  createdAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  customer: { id: string; name: string; tier: string } | null;
  site: { id: string; name: string; address: string | null } | null;
  assigneeId: string | null;
  allowedTransitions: WorkflowEdge[];
  workOrders: WorkOrder[];
  tests: Array<{ id: string; at: string; actor: string; passed: boolean; notes: string | null; checks: Array<{ name: string; status: string; summary: string }> }>;
  signoffs: Array<{ id: string; role: 'customer' | 'technician'; name: string; signedAt: string; imageUrl: string }>;
}
