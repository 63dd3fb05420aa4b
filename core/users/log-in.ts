import { hashPassword, verifyPassword } from '../security/password.ts';
import type { UsersDeps } from './auth-policy.ts';
import { UserError } from './errors.ts';
import { issueSession, type SessionTokens } from './issue-session.ts';
import { principalFor, type Principal } from './principal.ts';

export interface LogInInput {
  email: string;
  password: string;
  ip: string;
  userAgent?: string | undefined;
}

// Compared against when the account does not exist, so that a wrong e-mail costs the same time as a
// wrong password and response times do not tell which accounts exist.
let decoyHash: Promise<string> | undefined;

/**
 * Password login with two brakes: per IP address (failures within a window, any account) and per account
 * (N consecutive failures lock it for M minutes; the lock and its end are told to the caller).
 */
export async function logIn(deps: UsersDeps, input: LogInInput): Promise<{ principal: Principal; tokens: SessionTokens }> {
  const { prisma, policy } = deps;
  const now = deps.now();
  const email = input.email.trim().toLowerCase();
  await refuseThrottledIp(deps, input.ip, now);

  const attempt = (success: boolean) => prisma.loginAttempt.create({ data: { at: now, email, ip: input.ip, success } });
  const user = await prisma.user.findUnique({ where: { email } });
  if (!user || user.disabled) {
    await verifyPassword(input.password, await (decoyHash ??= hashPassword('decoy password, never matches')));
    await attempt(false);
    throw new UserError('AUTH_INVALID_CREDENTIALS', 'wrong e-mail or password');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await attempt(false);
    throw lockedOut(user.lockedUntil, now);
  }
  // A lock that has run out starts the count afresh.
  const failedSoFar = user.lockedUntil ? 0 : user.failedLogins;

  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await attempt(false);
    const failed = failedSoFar + 1;
    if (failed >= policy.maxFailedLogins) {
      const lockedUntil = new Date(now.getTime() + policy.lockoutS * 1000);
      await prisma.user.update({ where: { id: user.id }, data: { failedLogins: failed, lockedUntil } });
      throw lockedOut(lockedUntil, now);
    }
    await prisma.user.update({ where: { id: user.id }, data: { failedLogins: failed, lockedUntil: null } });
    throw new UserError('AUTH_INVALID_CREDENTIALS', 'wrong e-mail or password');
  }

  await attempt(true);
  await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: now } });
  const tokens = await issueSession(deps, user.id, { ip: input.ip, userAgent: input.userAgent });
  return { principal: principalFor(user, { via: 'session', id: tokens.sessionId }), tokens };
}

async function refuseThrottledIp(deps: UsersDeps, ip: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - deps.policy.ipWindowS * 1000);
  const failures = await deps.prisma.loginAttempt.findMany({
    where: { ip, success: false, at: { gt: since } },
    orderBy: { at: 'desc' },
    take: deps.policy.ipMaxFailures,
    select: { at: true },
  });
  if (failures.length < deps.policy.ipMaxFailures) return;
  // The address is let in again when the oldest of the counted failures leaves the window.
  const oldest = failures[failures.length - 1]!.at;
  const retryAfterS = Math.max(1, Math.ceil((oldest.getTime() + deps.policy.ipWindowS * 1000 - now.getTime()) / 1000));
  throw new UserError('AUTH_RATE_LIMITED', `too many failed logins from this address; try again in ${retryAfterS} s`, { retryAfterS });
}

function lockedOut(lockedUntil: Date, now: Date): UserError {
  const retryAfterS = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
  return new UserError('AUTH_LOCKED_OUT', `account locked after too many failed logins until ${lockedUntil.toISOString()}`, { retryAfterS, lockedUntil });
}
