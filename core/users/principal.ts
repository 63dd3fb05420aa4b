import { permissionsOf, type Permission, type Role } from './permissions.ts';

/** Who is calling: a logged-in user (session) or an integration (personal API token). */
export interface Principal {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: 'session' | 'api-token';
  /** the session or API token id */
  credentialId: string;
  /** what this caller may do: the role's permissions, narrowed by the token's scope for API tokens */
  permissions: ReadonlySet<Permission>;
}

export function principalFor(
  user: { id: string; email: string; name: string; role: Role },
  credential: { via: 'session' | 'api-token'; id: string; scope?: readonly string[] },
): Principal {
  const ofRole = permissionsOf(user.role);
  // An API token never exceeds its owner's *current* role: demoting a user narrows their tokens at once.
  const permissions = credential.scope ? ofRole.filter((p) => credential.scope!.includes(p)) : ofRole;
  return { userId: user.id, email: user.email, name: user.name, role: user.role, via: credential.via, credentialId: credential.id, permissions: new Set(permissions) };
}

export function can(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}
