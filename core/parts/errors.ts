import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const PART_ERROR_CODES = [
  'PART_NOT_FOUND',
  'PART_SKU_TAKEN',
  'STOCK_INSUFFICIENT',
  'PART_NOT_APPROVED',
  'STOCK_WORK_ORDER_CLOSED',
  'SUPPLIER_NOT_FOUND',
  'SUPPLIER_NAME_TAKEN',
] as const;
export type PartErrorCode = (typeof PART_ERROR_CODES)[number];

export class PartError extends AfterSalesError<PartErrorCode> {
  override name = 'PartError';
}
