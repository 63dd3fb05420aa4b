import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createUser } from '../../../core/users/create-user.ts';
import type { Role } from '../../../core/users/permissions.ts';
import type { TestRuntime } from '../../support/runtime.ts';

export interface Person {
  id: string;
  email: string;
  password: string;
  name: string;
  role: Role;
}

const NAMES: Record<Role, string> = {
  admin: 'Ada Admin',
  supervisor: 'Sam Supervisor',
  support_engineer: 'Sofia Support',
  repair_engineer: 'Rui Repair',
  specialist: 'Sara Specialist',
  viewer: 'Vic Viewer',
};

/** A user of `role` with a random password, created the way `chargemend user create` does. */
export async function aPerson(rt: TestRuntime, role: Role): Promise<Person> {
  const password = randomBytes(12).toString('base64url');
  const email = `${role.replace(/_/g, '.')}.${randomBytes(3).toString('hex')}@example.com`;
  const u = await createUser(rt.db.prisma, { email, name: NAMES[role], role, password });
  return { id: u.id, email, password, name: NAMES[role], role };
}

/** Signs in through the login page, as a person would, and waits for the fleet page. */
export async function signIn(page: Page, who: Person, path = '/'): Promise<void> {
  await page.goto(path);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  expect(await page.getByText(who.name).count()).toBeGreaterThan(0);
}

/** Bearer access token for API calls a test makes besides the browser (e.g. a supervisor's dispatch). */
export async function tokenOf(httpUrl: string, who: Person): Promise<string> {
  const res = await fetch(`${httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: who.email, password: who.password }) });
  if (!res.ok) throw new Error(`login of ${who.email} failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
