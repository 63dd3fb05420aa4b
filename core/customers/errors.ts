import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const CUSTOMER_ERROR_CODES = ['CUSTOMER_NOT_FOUND', 'SITE_NOT_FOUND', 'SITE_UNKNOWN_CHARGERS'] as const;
export type CustomerErrorCode = (typeof CUSTOMER_ERROR_CODES)[number];

export class CustomerError extends AfterSalesError<CustomerErrorCode> {
  override name = 'CustomerError';
}
