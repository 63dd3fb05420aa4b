import type { FleetErrorCode } from '../core/bulk/fleet-errors.ts';
import type { CampaignErrorCode } from '../core/campaigns/campaign-errors.ts';
import type { CommandErrorCode } from '../core/commands/command-errors.ts';
import type { CostErrorCode } from '../core/costs/errors.ts';
import type { CustomerErrorCode } from '../core/customers/errors.ts';
import type { DocumentErrorCode } from '../core/documents/errors.ts';
import type { InstallationErrorCode } from '../core/installation/errors.ts';
import type { MaintenanceErrorCode } from '../core/maintenance/errors.ts';
import type { PartErrorCode } from '../core/parts/errors.ts';
import type { SlaErrorCode } from '../core/sla/errors.ts';
import type { StaffErrorCode } from '../core/staff/errors.ts';
import type { SurveyErrorCode } from '../core/surveys/errors.ts';
import type { UserErrorCode } from '../core/users/errors.ts';
import type { WebhookErrorCode } from '../core/webhooks/errors.ts';
import type { WorkflowErrorCode } from '../core/workflow/errors.ts';

// Every error the API can answer with, once: stable code, HTTP status, title. On the wire they are
// RFC 9457 problem documents (application/problem+json). docs/api.md documents each code; a test fails
// when one is missing there. Codes are never renamed: clients switch on them.

export const API_ERRORS = {
  API_VALIDATION_FAILED: { status: 400, title: 'The request does not match the schema' },
  API_MALFORMED_BODY: { status: 400, title: 'The request body could not be read' },
  API_INVALID_CURSOR: { status: 400, title: 'The pagination cursor is not valid for this list and sort' },
  API_ROUTE_NOT_FOUND: { status: 404, title: 'No such endpoint' },
  API_PAYLOAD_TOO_LARGE: { status: 413, title: 'The request body is too large' },
  API_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type' },
  API_INTERNAL_ERROR: { status: 500, title: 'Internal error' },
  AUTH_REQUIRED: { status: 401, title: 'Authentication required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, title: 'Wrong e-mail or password' },
  AUTH_TOKEN_INVALID: { status: 401, title: 'The token is not valid' },
  AUTH_TOKEN_EXPIRED: { status: 401, title: 'The token has expired' },
  AUTH_FORBIDDEN: { status: 403, title: 'Your role does not allow this' },
  AUTH_LOCKED_OUT: { status: 423, title: 'Account locked' },
  AUTH_RATE_LIMITED: { status: 429, title: 'Too many failed logins' },
  USER_NOT_FOUND: { status: 404, title: 'No such user' },
  USER_EMAIL_TAKEN: { status: 409, title: 'E-mail already in use' },
  USER_WEAK_PASSWORD: { status: 400, title: 'Password does not meet the policy' },
  USER_LAST_ADMIN: { status: 409, title: 'The last admin must stay' },
  API_TOKEN_NOT_FOUND: { status: 404, title: 'No such API token' },
  API_TOKEN_SCOPE_EXCEEDS_OWNER: { status: 403, title: 'A token cannot have more rights than its owner' },
  CHARGER_NOT_FOUND: { status: 404, title: 'No such charger' },
  TELEMETRY_INVALID_QUERY: { status: 400, title: 'The telemetry query is not valid' },
  TELEMETRY_UNAVAILABLE: { status: 503, title: 'The telemetry store is unavailable' },
  WEBHOOK_NOT_FOUND: { status: 404, title: 'No such webhook subscription' },
  FIRMWARE_NOT_FOUND: { status: 404, title: 'No such firmware image' },
  UPLOAD_UNKNOWN_TOKEN: { status: 404, title: 'No upload is expected at this address' },
  UPLOAD_ALREADY_RECEIVED: { status: 409, title: 'This upload address was already used' },
  UPLOAD_EXPIRED: { status: 410, title: 'This upload address has expired' },
  UPLOAD_TOO_LARGE: { status: 413, title: 'The file is larger than allowed' },
  UPLOAD_NO_FILE: { status: 400, title: 'The multipart body holds no file' },
  COMMAND_NOT_FOUND: { status: 404, title: 'No such command' },
  COMMAND_CHARGER_OFFLINE: { status: 409, title: 'The charger is not connected' },
  COMMAND_NOT_SUPPORTED: { status: 422, title: 'The command is not available for the charger\'s OCPP version' },
  COMMAND_URL_NOT_ALLOWED: { status: 422, title: 'The firmware URL is neither ours nor allow-listed' },
  FLEET_NO_CHARGERS: { status: 422, title: 'The filter selects no charger' },
  FLEET_TOO_MANY_CHARGERS: { status: 422, title: 'The filter selects too many chargers' },
  BULK_JOB_NOT_FOUND: { status: 404, title: 'No such bulk command job' },
  FIRMWARE_INVALID_UPLOAD: { status: 400, title: 'The firmware upload is not valid' },
  FIRMWARE_TOO_LARGE: { status: 413, title: 'The firmware image is larger than allowed' },
  CAMPAIGN_NOT_FOUND: { status: 404, title: 'No such firmware campaign' },
  CAMPAIGN_INVALID_TRANSITION: { status: 409, title: 'The campaign cannot do that in its current status' },
  CAMPAIGN_MODEL_MISMATCH: { status: 422, title: 'The image is built for another model than the filter selects' },
  TICKET_NOT_FOUND: { status: 404, title: 'No such ticket' },
  DIAGNOSTICS_NOT_FOUND: { status: 404, title: 'No such received diagnostics file' },
  // after-sales workflow (issue 6); TICKET_NOT_FOUND above serves it too
  TICKET_TRANSITION_NOT_ALLOWED: { status: 409, title: 'The ticket cannot make that move from its current status' },
  TICKET_TRANSITION_NEEDS_ACTION: { status: 409, title: 'That move records data of its own: use its action endpoint' },
  TICKET_WRONG_TYPE: { status: 409, title: 'The action does not apply to this type of ticket' },
  TICKET_ALREADY_OPEN_FOR_FAULT: { status: 409, title: 'Another open ticket already tracks this fault' },
  TICKET_NO_CHARGER: { status: 422, title: 'The ticket names no charger' },
  DISPATCH_ENGINEER_NOT_ELIGIBLE: { status: 422, title: 'This engineer cannot be dispatched to this job' },
  DISPATCH_INVALID_WINDOW: { status: 422, title: 'The arrival window is not valid' },
  WORK_ORDER_NOT_FOUND: { status: 404, title: 'No such (open) work order' },
  ONSITE_SAFETY_CHECKLIST_INCOMPLETE: { status: 422, title: 'The safety checklist is not complete' },
  SIGNATURE_INVALID: { status: 422, title: 'The signature image is not valid' },
  SIGNATURE_TOO_LARGE: { status: 413, title: 'The signature image is too large' },
  COMMANDS_UNAVAILABLE: { status: 503, title: 'This node cannot send commands to chargers' },
  PART_NOT_FOUND: { status: 404, title: 'No such spare part' },
  PART_SKU_TAKEN: { status: 409, title: 'A part with that SKU exists' },
  STOCK_INSUFFICIENT: { status: 409, title: 'Not enough stock' },
  STOCK_WORK_ORDER_CLOSED: { status: 409, title: 'The work order is completed or cancelled' },
  SUPPLIER_NOT_FOUND: { status: 404, title: 'No such supplier' },
  SUPPLIER_NAME_TAKEN: { status: 409, title: 'A supplier with that name exists' },
  SLA_NOT_FOUND: { status: 404, title: 'The ticket has no SLA' },
  SLA_ALREADY_PAUSED: { status: 409, title: 'The SLA clock is already paused' },
  SLA_NOT_PAUSED: { status: 409, title: 'The SLA clock is not paused' },
  SLA_CALENDAR_NOT_FOUND: { status: 404, title: 'No such business calendar' },
  SLA_CALENDAR_INVALID: { status: 422, title: 'The business calendar is not valid' },
  CONSULTATION_ROUTE_INVALID: { status: 422, title: 'The consultation cannot be routed like that' },
  CUSTOMER_NOT_FOUND: { status: 404, title: 'No such customer' },
  SITE_NOT_FOUND: { status: 404, title: 'No such site' },
  SITE_UNKNOWN_CHARGERS: { status: 422, title: 'Some of the chargers are unknown' },
  PART_NOT_APPROVED: { status: 422, title: 'Maintenance may use only genuine or approved parts' },
  CHECKLIST_INCOMPLETE: { status: 422, title: 'The checklist is not complete' },
  COMMISSIONING_FAILED: { status: 422, title: 'The commissioning test failed' },
  MAINTENANCE_PLAN_NOT_FOUND: { status: 404, title: 'No such maintenance plan' },
  MAINTENANCE_PLAN_INVALID: { status: 422, title: 'The maintenance plan is not valid' },
  STAFF_USER_NOT_FOUND: { status: 404, title: 'No such staff member' },
  SURVEY_NOT_FOUND: { status: 404, title: 'No survey at this link' },
  SURVEY_EXPIRED: { status: 410, title: 'The survey link has expired' },
  SURVEY_ALREADY_ANSWERED: { status: 409, title: 'The survey was already answered' },
  SURVEY_TICKET_NOT_CLOSED: { status: 409, title: 'A survey follows the closing of a ticket' },
  SURVEY_EXISTS: { status: 409, title: 'The ticket already has a survey' },
  COST_NOT_FOUND: { status: 404, title: 'No such cost' },
  COST_NOT_PENDING: { status: 409, title: 'The cost is not waiting for approval' },
  DOCUMENT_NOT_FOUND: { status: 404, title: 'No such document or version' },
  DOCUMENT_EMPTY: { status: 400, title: 'The upload is empty' },
} as const satisfies Record<string, { status: number; title: string }> &
  Record<UserErrorCode | WebhookErrorCode | Exclude<CommandErrorCode, 'COMMAND_UNKNOWN_CHARGER'> | FleetErrorCode | CampaignErrorCode, unknown> &
  Record<WorkflowErrorCode | PartErrorCode | SlaErrorCode | CustomerErrorCode | InstallationErrorCode | MaintenanceErrorCode | StaffErrorCode | SurveyErrorCode | CostErrorCode | DocumentErrorCode, unknown>;

export type ApiErrorCode = keyof typeof API_ERRORS;

export interface FieldError {
  /** where in the request: "body.email", "query.limit", "params.id" */
  path: string;
  message: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    /** human message for this occurrence (the problem's `detail`) */
    message: string = API_ERRORS[code].title,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string>; fields?: Record<string, unknown> } = {},
  ) {
    super(message);
  }
}

export function isApiErrorCode(code: string): code is ApiErrorCode {
  return Object.hasOwn(API_ERRORS, code);
}

export function problemType(code: ApiErrorCode): string {
  return `urn:chargemend:problem:${code}`;
}
