// The after-sales API's shapes as the dashboard reads them (authoritative: /docs/json, from the API's zod
// schemas). Personal data (contact names, phones, e-mails, addresses) arrives masked for roles without access.

import type { WorkflowTicket } from './service-types.ts';

export const CONTACT_CHANNELS = ['phone', 'email', 'chat', 'web', 'visit'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface Contact {
  name: string;
  phone: string | null;
  email: string | null;
}

export interface Consultation {
  id: string;
  reference: string;
  status: 'open' | 'routed' | 'closed' | 'cancelled';
  priority: Priority;
  customerId: string | null;
  chargerId: string | null;
  channel: ContactChannel;
  contact: Contact;
  content: string;
  routedTo: string | null;
  promisedReplyBy: string | null;
  overdue: boolean;
  answer: string | null;
  answeredAt: string | null;
  createdAt: string;
}

export interface ComplaintPlan {
  measures: string[];
  ownerId: string;
  deadline: string;
  sharedAt: string;
}

export interface ComplaintFollowUp {
  at: string;
  channel: ContactChannel;
  satisfaction: number;
  satisfied: boolean;
  notes: string | null;
}

export type ComplaintStatus = 'open' | 'acknowledged' | 'investigating' | 'plan_shared' | 'follow_up' | 'closed' | 'cancelled';

export interface Complaint {
  id: string;
  reference: string;
  status: ComplaintStatus;
  priority: string;
  customerId: string | null;
  channel: ContactChannel;
  contact: Contact;
  content: string;
  relatedTicketId: string | null;
  staffId: string | null;
  apology: string | null;
  promise: string | null;
  acknowledgedAt: string | null;
  cause: string | null;
  responsibleParty: string | null;
  plans: ComplaintPlan[];
  followUps: ComplaintFollowUp[];
  satisfiedAt: string | null;
  allowedTransitions: Array<{ to: string; action: string | null }>;
  createdAt: string;
}

export interface CustomerSummary {
  id: string;
  name: string;
  contactName: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  tier: 'standard' | 'premium' | 'key_account';
}

export interface SiteSummary {
  id: string;
  name: string;
  address: string | null;
  customerId: string | null;
  chargerIds: string[];
}

export interface CheckItem {
  item: string;
  done: boolean;
  ok?: boolean;
  note?: string;
}

export interface MaintenancePlan {
  id: string;
  name: string;
  chargerId: string | null;
  model: string | null;
  intervalDays: number;
  energyKwhPerService: number | null;
  sessionsPerService: number | null;
  leadDays: number;
  checklist: string[];
  active: boolean;
}

export type FindingSeverity = 'safety_critical' | 'high' | 'medium' | 'low' | 'transient';

export interface MaintenanceVisit {
  ticket: WorkflowTicket;
  planId: string;
  chargerId: string;
  dueAt: string;
  checklist: CheckItem[];
  findings: Array<{ description: string; severity: string; openRepair: boolean; repairTicketId?: string }> | null;
  completedAt: string | null;
}

export interface Installation {
  ticket: WorkflowTicket;
  chargerId: string;
  model: string | null;
  window: { start: string; end: string };
  installerId: string;
  checklist: CheckItem[];
  installedAt: string | null;
  commissionedAt: string | null;
  trainedAt: string | null;
  traineeName: string | null;
  trainingTopics: string[];
}

export type SlaState = 'met' | 'missed' | 'running' | 'warning' | 'breached' | 'paused';

export interface SlaTarget {
  targetMinutes: number;
  elapsedMinutes: number;
  state: SlaState;
  dueAt: string | null;
}

export interface TicketSla {
  policyId: string | null;
  calendarId: string;
  startedAt: string;
  respondedAt: string | null;
  resolvedAt: string | null;
  response: SlaTarget;
  resolution: SlaTarget;
  pauses: Array<{ reason: string; startedAt: string; endedAt: string | null }>;
}

export const COST_CATEGORIES = ['labour', 'parts', 'travel', 'other'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

export interface CostEntry {
  id: string;
  ticketId: string;
  category: CostCategory;
  amountCents: number;
  minutes: number | null;
  distanceKm: number | null;
  description: string;
  at: string;
  status: 'approved' | 'pending_approval' | 'rejected';
  decidedBy: string | null;
}

export interface SurveyRow {
  surveyId: string;
  ticketId: string;
  reference: string;
  sentAt: string;
  answeredAt: string | null;
  score: number | null;
  comment: string | null;
}

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
}
