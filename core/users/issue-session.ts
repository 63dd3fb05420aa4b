import type { UsersDeps } from './auth-policy.ts';
import { newToken } from './secret-tokens.ts';

// Sessions use opaque random tokens stored as hashes rather than signed tokens (JWT): logout and
// revocation take effect on the very next request with no deny list, there is no signing key to keep
// secret and rotate, and the lookup is one indexed primary-key-like read. Access tokens are short-lived;
// refresh tokens rotate on every use (a replayed old one revokes the session: it was stolen).

export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  accessExpiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
}

export async function issueSession(deps: UsersDeps, userId: string, client: { ip?: string | undefined; userAgent?: string | undefined }): Promise<SessionTokens> {
  const now = deps.now();
  const access = newToken('access');
  const refresh = newToken('refresh');
  const accessExpiresAt = new Date(now.getTime() + deps.policy.accessTokenTtlS * 1000);
  const refreshExpiresAt = new Date(now.getTime() + deps.policy.refreshTokenTtlS * 1000);
  const s = await deps.prisma.userSession.create({
    data: {
      userId,
      accessTokenHash: access.hash,
      accessExpiresAt,
      refreshTokenHash: refresh.hash,
      refreshExpiresAt,
      ip: client.ip ?? null,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
      createdAt: now,
      lastUsedAt: now,
    },
  });
  return { sessionId: s.id, accessToken: access.token, accessExpiresAt, refreshToken: refresh.token, refreshExpiresAt };
}
