import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const MAINTENANCE_ERROR_CODES = ['MAINTENANCE_PLAN_NOT_FOUND', 'MAINTENANCE_PLAN_INVALID'] as const;
export type MaintenanceErrorCode = (typeof MAINTENANCE_ERROR_CODES)[number];

export class MaintenanceError extends AfterSalesError<MaintenanceErrorCode> {
  override name = 'MaintenanceError';
}
