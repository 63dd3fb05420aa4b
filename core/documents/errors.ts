import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const DOCUMENT_ERROR_CODES = ['DOCUMENT_NOT_FOUND', 'DOCUMENT_EMPTY'] as const;
export type DocumentErrorCode = (typeof DOCUMENT_ERROR_CODES)[number];

export class DocumentError extends AfterSalesError<DocumentErrorCode> {
  override name = 'DocumentError';
}
