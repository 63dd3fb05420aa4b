import { hashPassword } from '../security/password.ts';
import type { PrismaClient } from '../db/database.ts';
import { UserError } from './errors.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import type { Role } from './permissions.ts';

export interface UpdateUserInput {
  name?: string | undefined;
  role?: Role | undefined;
  /** disabling also revokes the user's sessions and API tokens */
  disabled?: boolean | undefined;
  password?: string | undefined;
  /** lifts a lockout before it runs out */
  unlock?: boolean | undefined;
}

export async function updateUser(prisma: PrismaClient, userId: string, input: UpdateUserInput, now: Date) {
  if (input.password !== undefined) checkPasswordPolicy(input.password);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId } });
    if (!user) throw new UserError('USER_NOT_FOUND', `no user ${userId}`);
    const losesAdmin = user.role === 'admin' && !user.disabled && ((input.role !== undefined && input.role !== 'admin') || input.disabled === true);
    if (losesAdmin) {
      // Serialise admin removals so two concurrent demotions cannot both pass the check below.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('chargemend:last-admin'))`;
      const admins = await tx.user.count({ where: { role: 'admin', disabled: false } });
      if (admins <= 1) throw new UserError('USER_LAST_ADMIN', 'the last active admin cannot be demoted or disabled');
    }
    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.role !== undefined ? { role: input.role } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(passwordHash !== undefined ? { passwordHash } : {}),
        ...(input.unlock ? { failedLogins: 0, lockedUntil: null } : {}),
      },
    });
    // A new password or a disabled account ends every open session; a disabled account's tokens die too.
    if (input.disabled === true || passwordHash !== undefined) {
      await tx.userSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    }
    if (input.disabled === true) await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    return updated;
  });
}
