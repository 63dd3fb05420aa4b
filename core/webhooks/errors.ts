export const WEBHOOK_ERROR_CODES = ['WEBHOOK_NOT_FOUND'] as const;
export type WebhookErrorCode = (typeof WEBHOOK_ERROR_CODES)[number];

export class WebhookError extends Error {
  override name = 'WebhookError';
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
  }
}
