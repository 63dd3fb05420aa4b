import { hashPassword } from '../security/password.ts';
import type { PrismaClient } from '../db/database.ts';
import { Prisma } from '../db/generated/client.ts';
import { UserError } from './errors.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import type { Role } from './permissions.ts';

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  /** plain text; only its scrypt hash is stored */
  password: string;
}

export interface CreatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
}

/** Creates a user with a password (the first admin comes from `chargemend user create`; no default exists). */
export async function createUser(prisma: PrismaClient, input: CreateUserInput): Promise<CreatedUser> {
  checkPasswordPolicy(input.password);
  const email = input.email.trim().toLowerCase();
  try {
    const u = await prisma.user.create({
      data: { email, name: input.name.trim(), role: input.role, passwordHash: await hashPassword(input.password) },
    });
    return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new UserError('USER_EMAIL_TAKEN', `a user with e-mail ${email} already exists`);
    }
    throw err;
  }
}
