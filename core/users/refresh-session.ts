import type { UsersDeps } from './auth-policy.ts';
import { UserError } from './errors.ts';
import type { SessionTokens } from './issue-session.ts';
import { hashToken, newToken } from './secret-tokens.ts';

/**
 * Trades a refresh token for a new access and refresh token (rotation). A refresh token that was already
 * used revokes its session: either the client retried badly or someone else holds a copy.
 */
export async function refreshSession(deps: UsersDeps, refreshToken: string): Promise<SessionTokens> {
  const now = deps.now();
  const hash = hashToken(refreshToken);
  const session = await deps.prisma.userSession.findUnique({ where: { refreshTokenHash: hash }, include: { user: true } });
  if (!session) {
    const replayed = await deps.prisma.userSession.updateMany({ where: { previousRefreshHash: hash, revokedAt: null }, data: { revokedAt: now } });
    throw new UserError('AUTH_TOKEN_INVALID', replayed.count > 0 ? 'refresh token already used; the session is revoked' : 'unknown refresh token');
  }
  if (session.revokedAt || session.user.disabled) throw new UserError('AUTH_TOKEN_INVALID', 'the session was revoked');
  if (session.refreshExpiresAt <= now) throw new UserError('AUTH_TOKEN_EXPIRED', 'the refresh token has expired; log in again');

  const access = newToken('access');
  const refresh = newToken('refresh');
  const accessExpiresAt = new Date(now.getTime() + deps.policy.accessTokenTtlS * 1000);
  const refreshExpiresAt = new Date(now.getTime() + deps.policy.refreshTokenTtlS * 1000);
  // Conditional on the old hash: of two concurrent refreshes with the same token only one wins.
  const n = await deps.prisma.userSession.updateMany({
    where: { id: session.id, refreshTokenHash: hash, revokedAt: null },
    data: { accessTokenHash: access.hash, accessExpiresAt, refreshTokenHash: refresh.hash, previousRefreshHash: hash, refreshExpiresAt, lastUsedAt: now },
  });
  if (n.count === 0) throw new UserError('AUTH_TOKEN_INVALID', 'refresh token already used');
  return { sessionId: session.id, accessToken: access.token, accessExpiresAt, refreshToken: refresh.token, refreshExpiresAt };
}
