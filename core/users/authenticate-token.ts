import type { UsersDeps } from './auth-policy.ts';
import { UserError } from './errors.ts';
import { principalFor, type Principal } from './principal.ts';
import { hashToken, tokenKind } from './secret-tokens.ts';

// "last used" is for people reviewing their tokens; minute precision is plenty and spares a write per request.
const LAST_USED_PRECISION_MS = 60_000;

/** Resolves a bearer token (session access token or personal API token) to the caller it stands for. */
export async function authenticateToken(deps: UsersDeps, token: string): Promise<Principal> {
  const now = deps.now();
  const kind = tokenKind(token);
  const stale = (t: Date | null) => t === null || now.getTime() - t.getTime() >= LAST_USED_PRECISION_MS;

  if (kind === 'access') {
    const s = await deps.prisma.userSession.findUnique({ where: { accessTokenHash: hashToken(token) }, include: { user: true } });
    if (!s || s.revokedAt || s.user.disabled) throw new UserError('AUTH_TOKEN_INVALID', 'unknown or revoked access token');
    if (s.accessExpiresAt <= now) throw new UserError('AUTH_TOKEN_EXPIRED', 'the access token has expired; refresh it');
    if (stale(s.lastUsedAt)) await deps.prisma.userSession.update({ where: { id: s.id }, data: { lastUsedAt: now } });
    return principalFor(s.user, { via: 'session', id: s.id });
  }
  if (kind === 'personal') {
    const t = await deps.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
    if (!t || t.revokedAt || t.user.disabled) throw new UserError('AUTH_TOKEN_INVALID', 'unknown or revoked API token');
    if (t.expiresAt && t.expiresAt <= now) throw new UserError('AUTH_TOKEN_EXPIRED', 'the API token has expired');
    if (stale(t.lastUsedAt)) await deps.prisma.apiToken.update({ where: { id: t.id }, data: { lastUsedAt: now } });
    return principalFor(t.user, { via: 'api-token', id: t.id, scope: t.permissions });
  }
  throw new UserError('AUTH_TOKEN_INVALID', kind === 'refresh' ? 'a refresh token only buys new tokens (POST /api/auth/refresh)' : 'not a Chargemend token');
}
