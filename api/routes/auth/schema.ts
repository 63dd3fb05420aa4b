import { z } from 'zod';
import { PERMISSION_NAMES, ROLES, type Permission } from '../../../core/users/permissions.ts';

export const roleSchema = z.enum(ROLES).meta({ example: 'support_engineer' });
export const permissionSchema = z.enum(PERMISSION_NAMES as [Permission, ...Permission[]]).meta({ example: 'chargers:read' });

export const loginBody = z.object({
  email: z.string().trim().min(3).max(320).meta({ example: 'ana.lopez@example.com' }),
  password: z.string().min(1).max(1024).meta({ example: 'correct horse battery staple' }),
});

export const refreshBody = z
  .object({ refreshToken: z.string().max(200).optional().meta({ description: 'omit to use the cm_refresh cookie', example: 'cmr_…' }) })
  // no body at all is fine: the browser sends the cookie
  .nullish();

export const meSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  via: z.enum(['session', 'api-token']),
  permissions: z.array(permissionSchema),
});

export const sessionSchema = z.object({
  accessToken: z.string().meta({ example: 'cma_3q2…' }),
  accessExpiresAt: z.iso.datetime(),
  refreshToken: z.string().meta({ example: 'cmr_8Jx…' }),
  refreshExpiresAt: z.iso.datetime(),
  user: meSchema,
});

const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('read-only') }),
  z.object({ kind: z.literal('role'), role: roleSchema }),
  z.object({ kind: z.literal('permissions'), permissions: z.array(permissionSchema).min(1) }),
]);

export const createTokenBody = z.object({
  name: z.string().trim().min(1).max(100).meta({ example: 'BI export' }),
  scope: scopeSchema.meta({ example: { kind: 'read-only' } }),
  expiresAt: z.iso.datetime().optional().meta({ example: '2027-06-30T00:00:00Z' }),
});

export const apiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().meta({ example: 'cmp_AbC123' }),
  permissions: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
});

export const createdTokenSchema = apiTokenSchema.extend({ token: z.string().meta({ description: 'shown once; store it now', example: 'cmp_q9…' }) });

export const tokenIdParams = z.object({ id: z.uuid() });
