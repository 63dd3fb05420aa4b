import type { PrismaClient } from '../db/database.ts';
import { UserError } from './errors.ts';

/** Revokes one of the owner's tokens (an admin revoking others' tokens disables the user instead). */
export async function revokeApiToken(prisma: PrismaClient, ownerId: string, tokenId: string, now: Date): Promise<void> {
  const n = await prisma.apiToken.updateMany({ where: { id: tokenId, userId: ownerId, revokedAt: null }, data: { revokedAt: now } });
  if (n.count === 0) {
    const exists = await prisma.apiToken.count({ where: { id: tokenId, userId: ownerId } });
    if (exists === 0) throw new UserError('API_TOKEN_NOT_FOUND', `no API token ${tokenId}`);
  }
}
