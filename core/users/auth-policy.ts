import type { PrismaClient } from '../db/database.ts';

/** Limits of password login and token lifetimes (validated in api/config.ts; units in the names). */
export interface AuthPolicy {
  accessTokenTtlS: number;
  refreshTokenTtlS: number;
  /** consecutive wrong passwords that lock an account */
  maxFailedLogins: number;
  lockoutS: number;
  /** failed logins from one IP address within `ipWindowS` before that address is refused */
  ipMaxFailures: number;
  ipWindowS: number;
}

/** What the users use cases need; `now` is injectable so lockouts and expiry are tested on a controlled clock. */
export interface UsersDeps {
  prisma: PrismaClient;
  policy: AuthPolicy;
  now: () => Date;
}
