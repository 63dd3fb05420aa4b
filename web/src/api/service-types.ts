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
  | 'cancelled';

export type Severity = 'safety-critical' | 'high' | 'medium' | 'low' | 'transient';

export interface DiagnosisCheck {
  name: string;
  status: 'ok' | 'warning' | 'failed' | 'skipped';
  summary: string;
  data?: unknown;
  ranAt: string;
}

export interface Diagnosis {
  entryKey: string;
  title: string;
  description?: string;
  severity: Severity;
  likelyCauses: string[];
  recommendedAction: string;
  parts: Array<string | { name: string; partNumber?: string; quantity?: number }>;
  selfHealing?: { allowed: boolean; steps: string[] };
  outOfService?: boolean;
  checks: DiagnosisCheck[];
  summary: string;
  completedAt?: string;
}

export interface TicketSummary {
  id: string;
  number: number;
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
  firstOccurredAt: string | null;
  lastOccurredAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  createdAt: string;
  updatedAt: string;
  /** SLA due time, when the API reports one */
  dueAt?: string | null;
  assignee?: { id: string; name: string } | null;
}

export interface TicketEvent {
  id: string;
  at: string;
  actor: string;
  type: string;
  detail: unknown;
}

export interface TicketDetail extends TicketSummary {
  diagnosis: Diagnosis | null;
  events: TicketEvent[];
}

export type CommandStatus = 'queued' | 'sent' | 'accepted' | 'in_progress' | 'succeeded' | 'rejected' | 'failed' | 'timed_out' | 'expired';
export const FINAL_COMMAND_STATUSES: readonly CommandStatus[] = ['succeeded', 'rejected', 'failed', 'timed_out', 'expired'];

export interface CommandView {
  id: string;
  chargerId: string;
  kind: string;
  status: CommandStatus;
  requestedBy: string;
  ticketId: string | null;
  createdAt: string;
  updatedAt?: string;
  completedAt?: string | null;
  error?: string | null;
}
