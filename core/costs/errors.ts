import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const COST_ERROR_CODES = ['COST_NOT_FOUND', 'COST_NOT_PENDING'] as const;
export type CostErrorCode = (typeof COST_ERROR_CODES)[number];

export class CostError extends AfterSalesError<CostErrorCode> {
  override name = 'CostError';
}
