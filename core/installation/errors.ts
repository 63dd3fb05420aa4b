import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const INSTALLATION_ERROR_CODES = ['CHECKLIST_INCOMPLETE', 'COMMISSIONING_FAILED'] as const;
export type InstallationErrorCode = (typeof INSTALLATION_ERROR_CODES)[number];

export class InstallationError extends AfterSalesError<InstallationErrorCode> {
  override name = 'InstallationError';
}
