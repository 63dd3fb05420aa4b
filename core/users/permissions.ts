// Who may do what: the one place authorisation is decided (STYLE.md, "Authorisation in one place, one line
// per rule"). Roles come from the after-sales service regulation (PRODUCT.md); admin runs the platform
// and viewer is read-only (wall dashboards, auditors). Every route names one permission from this table,
// and test/api/role-matrix.test.ts checks every route against every role.

export const ROLES = ['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'specialist', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const ALL = ROLES;

export const PERMISSIONS = {
  'chargers:read': ALL,
  'telemetry:read': ['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'viewer'],
  'fleet:read': ALL,
  'faults:read': ALL,
  'live:read': ALL,
  'commands:read': ['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'viewer'],
  'commands:send': ['admin', 'supervisor', 'support_engineer'],
  // one command to many chargers at once (POST /api/commands/bulk): the service's leads only
  'commands:bulk': ['admin', 'supervisor'],
  'firmware:read': ['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'viewer'],
  'firmware:write': ['admin', 'supervisor', 'support_engineer'],
  // rolling an image out to the fleet (campaigns, and pausing, resuming, cancelling them)
  'firmware:rollout': ['admin', 'supervisor'],
  'tickets:read': ALL,
  'tickets:write': ['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'specialist'],
  // after-sales workflow (issue 6)
  'tickets:dispatch': ['admin', 'supervisor', 'support_engineer'],
  'tickets:supervise': ['admin', 'supervisor'],
  'customers:read': ALL,
  'customers:write': ['admin', 'supervisor', 'support_engineer', 'specialist'],
  'parts:read': ALL,
  // the catalogue, goods-in and stock counts; goods-out also to the engineers who take the parts
  'parts:manage': ['admin', 'supervisor'],
  'parts:issue': ['admin', 'supervisor', 'support_engineer', 'repair_engineer'],
  'suppliers:write': ['admin', 'supervisor'],
  'kpis:read': ['admin', 'supervisor', 'support_engineer', 'viewer'],
  'staff:read': ['admin', 'supervisor'],
  'staff:write': ['admin', 'supervisor'],
  'costs:read': ['admin', 'supervisor', 'support_engineer'],
  'budgets:write': ['admin', 'supervisor'],
  'documents:read': ALL,
  'documents:write': ['admin', 'supervisor', 'support_engineer'],
  // customers' personal data (issue 6): who sees which fields unmasked (least privilege, PRODUCT.md)
  'personal-data:name': ['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'specialist'],
  'personal-data:contact': ['admin', 'supervisor', 'support_engineer', 'repair_engineer', 'specialist'],
  'personal-data:address': ['admin', 'supervisor', 'repair_engineer', 'specialist'],
  'users:read': ['admin', 'supervisor'],
  'users:write': ['admin'],
  'audit:read': ['admin', 'supervisor'],
  'webhooks:read': ['admin', 'supervisor'],
  'webhooks:write': ['admin', 'supervisor'],
  'tokens:own': ALL,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;
export const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export function roleHas(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function permissionsOf(role: Role): Permission[] {
  return PERMISSION_NAMES.filter((p) => roleHas(role, p));
}

/** Permissions that only read (a "read-only" API token gets these of its owner's). */
export function isReadPermission(p: Permission): boolean {
  return p.endsWith(':read') || p.startsWith('personal-data:');
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSIONS, value);
}
