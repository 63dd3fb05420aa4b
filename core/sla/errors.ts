import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const SLA_ERROR_CODES = ['SLA_NOT_FOUND', 'SLA_ALREADY_PAUSED', 'SLA_NOT_PAUSED', 'SLA_CALENDAR_NOT_FOUND', 'SLA_CALENDAR_INVALID'] as const;
export type SlaErrorCode = (typeof SLA_ERROR_CODES)[number];

export class SlaError extends AfterSalesError<SlaErrorCode> {
  override name = 'SlaError';
}
