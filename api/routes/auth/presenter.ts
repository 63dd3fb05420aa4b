import type { Principal } from '../../../core/users/principal.ts';
import type { SessionTokens } from '../../../core/users/issue-session.ts';
import type { ApiToken } from '../../../core/db/generated/client.ts';

export function presentMe(p: Principal) {
  return { id: p.userId, email: p.email, name: p.name, role: p.role, via: p.via, permissions: [...p.permissions] };
}

export function presentSession(t: SessionTokens, p: Principal) {
  return {
    accessToken: t.accessToken,
    accessExpiresAt: t.accessExpiresAt.toISOString(),
    refreshToken: t.refreshToken,
    refreshExpiresAt: t.refreshExpiresAt.toISOString(),
    user: presentMe(p),
  };
}

export function presentApiToken(t: Pick<ApiToken, 'id' | 'name' | 'prefix' | 'permissions' | 'expiresAt' | 'lastUsedAt' | 'createdAt' | 'revokedAt'>) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    permissions: t.permissions,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    createdAt: t.createdAt.toISOString(),
    revokedAt: t.revokedAt?.toISOString() ?? null,
  };
}
