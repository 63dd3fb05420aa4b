import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const STAFF_ERROR_CODES = ['STAFF_USER_NOT_FOUND'] as const;
export type StaffErrorCode = (typeof STAFF_ERROR_CODES)[number];

export class StaffError extends AfterSalesError<StaffErrorCode> {
  override name = 'StaffError';
}
