// KPIs, parts, suppliers, staff, documents, the archive and firmware as the dashboard reads them
// (authoritative: /docs/json).

export interface Kpis {
  period: { from: string; to: string };
  scope: { userId?: string; team?: string };
  customerSatisfaction: { responses: number; mean: number | null };
  repairTimeliness: { resolved: number; withinSla: number; rate: number | null };
  repairSuccess: { resolved: number; notReopened: number; rate: number | null; recurrenceDays: number };
  firstTimeFix: { closed: number; fixedOnFirstVisit: number; rate: number | null };
  complaintHandling: { received: number; handled: number; rate: number | null };
  responseTime: { tickets: number; meanMinutes: number | null; p50Minutes: number | null; p90Minutes: number | null };
  remoteResolution: { resolved: number; remote: number; rate: number | null };
}

export type TrendDimension = 'code' | 'faultClass' | 'model' | 'firmware' | 'site';
export type TrendBucket = 'day' | 'week' | 'month';
export interface TrendRow {
  bucket: string;
  key: string;
  faults: number;
  chargers: number;
}

export interface PortUptime {
  month: string;
  chargerId: string;
  evseId: number;
  connectorId: number;
  observedMinutes: number;
  operativeMinutes: number;
  uptimePercent: number | null;
}

export interface RecordReviews {
  summary: Array<{ type: string; checked: number; complete: number; rate: number | null }>;
  flagged: Array<{ ticketId: string; reference: string; type: string; closedAt: string; assigneeId: string | null; issues: string[] }>;
}

export interface Part {
  id: string;
  sku: string;
  name: string;
  spec: string | null;
  compatibleModels: string[];
  location: string | null;
  quantity: number;
  reorderPoint: number;
  reorderQuantity: number;
  unitCostCents: number | null;
  approved: boolean;
}

export interface StockMovement {
  id: string;
  kind: 'goods_in' | 'goods_in_rejected' | 'goods_out' | 'returned' | 'count_adjustment';
  quantity: number;
  rejectedQuantity: number;
  balanceAfter: number;
  at: string;
  actor: string;
  workOrderId: string | null;
  supplierId: string | null;
  inspectionPassed: boolean | null;
  receiverName: string | null;
}

export interface PartDetail extends Part {
  movements: StockMovement[];
}

export interface ReorderSuggestion {
  partId: string;
  sku: string;
  name: string;
  quantity: number;
  reorderPoint: number;
  monthlyDemand: number;
  suggestedQuantity: number;
}

export interface StockCountResult {
  countId: string;
  discrepancies: Array<{ partId: string; sku: string; name: string; expected: number; counted: number; difference: number }>;
}

export interface Supplier {
  id: string;
  name: string;
  contact: string | null;
  email: string | null;
  phone: string | null;
  score: { evaluations: number; quality: number | null; delivery: number | null; service: number | null; rejectionRate: number | null };
}

export interface Certification {
  id: string;
  userId: string;
  code: string;
  name: string;
  models: string[];
  issuedAt: string | null;
  expiresAt: string | null;
  valid?: boolean;
  userName?: string;
}

export const TRAINING_CATEGORIES = ['product', 'repair', 'safety', 'communication'] as const;
export type TrainingCategory = (typeof TRAINING_CATEGORIES)[number];

export interface TrainingPlanItem {
  id: string;
  year: number;
  userId: string | null;
  category: string;
  topic: string;
  dueBy: string | null;
}

export interface TrainingRecord {
  id: string;
  planItemId: string | null;
  category: string;
  topic: string;
  completedAt: string;
  hours: number | null;
  result: string | null;
}

export interface Assessment {
  id: string;
  from: string;
  to: string;
  score: number;
  basis: Record<string, unknown>;
  notes: string | null;
  at: string;
}

export interface StaffRecord {
  userId: string;
  name: string;
  role: string;
  certifications: Certification[];
  training: TrainingRecord[];
  assessments: Assessment[];
}

export const DOCUMENT_KINDS = ['manual', 'installation_drawing', 'repair_guide', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface DocumentVersion {
  version: number;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: string;
  downloadUrl: string;
}

export interface TechnicalDocument {
  id: string;
  model: string;
  kind: DocumentKind;
  title: string;
  createdAt: string;
  versions: DocumentVersion[];
}

export interface ArchiveHit {
  ticketId: string;
  reference: string;
  type: string;
  status: string;
  chargerId: string | null;
  model: string | null;
  faultClass: string | null;
  title: string;
  resolution: string | null;
  createdAt: string;
  closedAt: string | null;
  parts: string[];
}

export interface FirmwareImage {
  id: string;
  version: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  model: string | null;
  url: string;
}

export type CampaignItemStatus = 'pending' | 'sent' | 'succeeded' | 'failed';
export type CampaignCounts = Record<CampaignItemStatus, number>;

export interface CampaignSummary {
  id: string;
  imageId: string;
  version: string;
  filter: Record<string, unknown>;
  canaryPercent: number;
  waveSize: number;
  pauseS: number;
  maxFailureRate: number;
  status: 'running' | 'paused' | 'halted' | 'completed' | 'cancelled';
  statusReason: string | null;
  currentWave: number;
  waves: number;
  nextWaveAt: string | null;
  requestedBy: string;
  progress: CampaignCounts;
  createdAt: string;
  finishedAt: string | null;
}

export interface Campaign extends CampaignSummary {
  perWave: Array<CampaignCounts & { wave: number; canary: boolean }>;
  items: Array<{ chargerId: string; wave: number; status: CampaignItemStatus; commandId: string | null; error: string | null; sentAt: string | null; finishedAt: string | null }>;
}
