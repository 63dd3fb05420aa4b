// Broken rules of the users/auth domain, each with a stable code. The API maps every code to an HTTP
// status and a documented problem type (api/errors.ts; a test checks none is missing).

export const USER_ERROR_CODES = [
  'AUTH_INVALID_CREDENTIALS',
  'AUTH_LOCKED_OUT',
  'AUTH_RATE_LIMITED',
  'AUTH_TOKEN_INVALID',
  'AUTH_TOKEN_EXPIRED',
  'USER_EMAIL_TAKEN',
  'USER_NOT_FOUND',
  'USER_WEAK_PASSWORD',
  'USER_LAST_ADMIN',
  'API_TOKEN_NOT_FOUND',
  'API_TOKEN_SCOPE_EXCEEDS_OWNER',
] as const;
export type UserErrorCode = (typeof USER_ERROR_CODES)[number];

export interface UserErrorDetail {
  /** seconds until the caller may try again (lockout, rate limit) */
  retryAfterS?: number;
  lockedUntil?: Date;
}

export class UserError extends Error {
  override name = 'UserError';
  constructor(
    readonly code: UserErrorCode,
    message: string,
    readonly detail: UserErrorDetail = {},
  ) {
    super(message);
  }
}
