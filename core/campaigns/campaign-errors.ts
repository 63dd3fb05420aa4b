import { codedError } from '../errors.ts';
// Firmware campaign error codes, defined once (STYLE.md): the API maps them to problem+json.

export const CAMPAIGN_ERRORS = {
  CAMPAIGN_NOT_FOUND: { status: 404, message: 'no such firmware campaign' },
  CAMPAIGN_INVALID_TRANSITION: { status: 409, message: 'the campaign cannot do that in its current status' },
  CAMPAIGN_MODEL_MISMATCH: { status: 422, message: 'the image is built for one model: the filter must select that model' },
} as const;

export type CampaignErrorCode = keyof typeof CAMPAIGN_ERRORS;

export class CampaignError extends codedError('CampaignError', CAMPAIGN_ERRORS) {}
