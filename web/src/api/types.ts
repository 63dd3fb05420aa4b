// The API's response shapes as the dashboard reads them. They mirror the OpenAPI document at /docs/json
// (generated from the API's zod schemas); web/ talks to the API only over HTTP, so it keeps its own copy.

export type Role = 'admin' | 'supervisor' | 'support_engineer' | 'repair_engineer' | 'specialist' | 'viewer';

export interface Me {
  id: string;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'api-token';
  permissions: string[];
}

export interface Session {
  accessToken: string;
  accessExpiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
  user: Me;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'] as const;
export type ConnectorStatus = (typeof CONNECTOR_STATUSES)[number];

export interface ChargerSummary {
  id: string;
  vendor: string | null;
  model: string | null;
  serialNumber: string | null;
  firmwareVersion: string | null;
  ocppVersion: '1.6' | '2.0.1' | '2.1' | null;
  registration: 'accepted' | 'pending' | 'rejected';
  online: boolean;
  status: ConnectorStatus | 'Unknown';
  faulted: boolean;
  lastSeenAt: string | null;
  lastBootAt: string | null;
}

export interface ConnectorState {
  connectorId: number;
  status: string;
  errorCode: string | null;
  vendorId: string | null;
  vendorErrorCode: string | null;
  info: string | null;
  statusAt: string;
}

export interface ChargerConnection {
  id: string;
  protocol: string;
  remoteAddress: string | null;
  nodeId: string;
  connectedAt: string;
  disconnectedAt: string | null;
  closeCode: number | null;
  closeReason: string | null;
}

export interface ChargerDetail extends ChargerSummary {
  securityProfile: number;
  heartbeatIntervalS: number | null;
  firstSeenAt: string | null;
  lastBootReason: string | null;
  evses: Array<{ evseId: number; connectors: ConnectorState[] }>;
  connections: ChargerConnection[];
}

export interface FleetSummary {
  chargers: number;
  online: number;
  offline: number;
  faultedNow: number;
  pendingRegistration: number;
  connectorsByStatus: Record<string, number>;
  byModel: Array<{ model: string | null; chargers: number; online: number }>;
}

export interface Series {
  measurand: string;
  from: string;
  to: string;
  resolutionS: number;
  points: Array<{ ts: string; value: number }>;
}

export interface LatestValue {
  measurand: string;
  evseId: number;
  connectorId: number;
  phase: string | null;
  unit: string | null;
  value: number;
  ts: string;
}

export interface StatusChange {
  ts: string;
  evseId: number;
  connectorId: number;
  status: string;
  errorCode: string | null;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  actorLabel: string | null;
  actorRole: string | null;
  via: string;
  action: string;
  target: string | null;
  method: string | null;
  path: string | null;
  requestId: string | null;
  ip: string | null;
  statusCode: number | null;
  outcome: 'success' | 'failure' | 'denied';
  detail: unknown;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
}
