import { AfterSalesError } from './after-sales-error.ts';

export const WORKFLOW_ERROR_CODES = [
  'TICKET_NOT_FOUND',
  'TICKET_TRANSITION_NOT_ALLOWED',
  'TICKET_TRANSITION_NEEDS_ACTION',
  'TICKET_WRONG_TYPE',
  'TICKET_ALREADY_OPEN_FOR_FAULT',
  'TICKET_NO_CHARGER',
  'DISPATCH_ENGINEER_NOT_ELIGIBLE',
  'DISPATCH_INVALID_WINDOW',
  'WORK_ORDER_NOT_FOUND',
  'ONSITE_SAFETY_CHECKLIST_INCOMPLETE',
  'SIGNATURE_INVALID',
  'SIGNATURE_TOO_LARGE',
  'COMMANDS_UNAVAILABLE',
  'CONSULTATION_ROUTE_INVALID',
] as const;
export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

export class WorkflowError extends AfterSalesError<WorkflowErrorCode> {
  override name = 'WorkflowError';
}
