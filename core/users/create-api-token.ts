import type { PrismaClient } from '../db/database.ts';
import { UserError } from './errors.ts';
import { isReadPermission, permissionsOf, type Permission, type Role } from './permissions.ts';
import type { Principal } from './principal.ts';
import { newToken } from './secret-tokens.ts';

/** What a personal API token may do, always within its creator's own permissions. */
export type ApiTokenScope =
  | { kind: 'read-only' }
  | { kind: 'role'; role: Role }
  | { kind: 'permissions'; permissions: Permission[] };

export interface CreateApiTokenInput {
  name: string;
  scope: ApiTokenScope;
  expiresAt?: Date | undefined;
}

export interface CreatedApiToken {
  id: string;
  /** shown once; only its hash is stored */
  token: string;
  prefix: string;
  name: string;
  permissions: Permission[];
  expiresAt: Date | null;
  createdAt: Date;
}

export async function createApiToken(prisma: PrismaClient, owner: Principal, input: CreateApiTokenInput, now: Date): Promise<CreatedApiToken> {
  const mine = [...owner.permissions];
  let permissions: Permission[];
  switch (input.scope.kind) {
    case 'read-only':
      permissions = mine.filter(isReadPermission);
      break;
    case 'role': {
      const ofRole = permissionsOf(input.scope.role);
      permissions = mine.filter((p) => ofRole.includes(p));
      break;
    }
    case 'permissions': {
      const beyond = input.scope.permissions.filter((p) => !owner.permissions.has(p));
      if (beyond.length > 0) throw new UserError('API_TOKEN_SCOPE_EXCEEDS_OWNER', `you cannot grant what you do not have: ${beyond.join(', ')}`);
      permissions = [...new Set(input.scope.permissions)];
      break;
    }
  }
  const t = newToken('personal');
  const row = await prisma.apiToken.create({
    data: { userId: owner.userId, name: input.name, prefix: t.display, tokenHash: t.hash, permissions, expiresAt: input.expiresAt ?? null, createdAt: now },
  });
  return { id: row.id, token: t.token, prefix: row.prefix, name: row.name, permissions, expiresAt: row.expiresAt, createdAt: row.createdAt };
}
