import { AfterSalesError } from '../workflow/after-sales-error.ts';

export const SURVEY_ERROR_CODES = ['SURVEY_NOT_FOUND', 'SURVEY_EXPIRED', 'SURVEY_ALREADY_ANSWERED', 'SURVEY_TICKET_NOT_CLOSED', 'SURVEY_EXISTS'] as const;
export type SurveyErrorCode = (typeof SURVEY_ERROR_CODES)[number];

export class SurveyError extends AfterSalesError<SurveyErrorCode> {
  override name = 'SurveyError';
}
