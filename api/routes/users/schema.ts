import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../core/users/password-policy.ts';
import { pageQuerySchema, pageSchema } from '../../pagination.ts';
import { roleSchema } from '../auth/schema.ts';

const password = z.string().min(PASSWORD_MIN_LENGTH).max(PASSWORD_MAX_LENGTH).meta({ example: 'a long passphrase of yours' });

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string().meta({ example: 'ana.lopez@example.com' }),
  name: z.string().meta({ example: 'Ana López' }),
  role: roleSchema,
  disabled: z.boolean(),
  lockedUntil: z.iso.datetime().nullable().meta({ description: 'set while the account is locked after failed logins' }),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export const userListQuery = pageQuerySchema.extend({
  role: roleSchema.optional(),
  disabled: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: 'part of the e-mail or name' }),
  sort: z.string().default('email').meta({ description: 'email, name, createdAt, lastLoginAt; prefix - for descending', example: '-lastLoginAt' }),
});
export const userPage = pageSchema(userSchema);

export const createUserBody = z.object({
  email: z.email().max(320).meta({ example: 'ana.lopez@example.com' }),
  name: z.string().trim().min(1).max(200).meta({ example: 'Ana López' }),
  role: roleSchema,
  password,
});

export const updateUserBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    role: roleSchema.optional(),
    disabled: z.boolean().optional().meta({ description: 'true also revokes the sessions and API tokens' }),
    password: password.optional().meta({ description: 'a new password also revokes the sessions' }),
    unlock: z.literal(true).optional().meta({ description: 'lift a login lockout now' }),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'change at least one field' })
  .meta({ example: { role: 'supervisor' } });

export const userIdParams = z.object({ id: z.uuid() });
