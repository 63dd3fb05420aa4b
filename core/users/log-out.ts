import type { UsersDeps } from './auth-policy.ts';

/** Revokes a session: its access and refresh tokens stop working on the next request. */
export async function logOut(deps: UsersDeps, sessionId: string): Promise<void> {
  await deps.prisma.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: deps.now() } });
}
