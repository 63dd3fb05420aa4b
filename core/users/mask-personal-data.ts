import { roleHas, type Permission, type Role } from './permissions.ts';

// Customers' personal data is confidential (after-sales regulation: least privilege). Presenters pass
// every record that carries it through here; fields the role may not see come out masked, keeping just
// enough to tell records apart on a screen.

export interface PersonalData {
  name?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  address?: string | null | undefined;
}

const FIELDS: Record<keyof PersonalData, { permission: Permission; mask: (v: string) => string }> = {
  name: { permission: 'personal-data:name', mask: maskName },
  phone: { permission: 'personal-data:contact', mask: maskPhone },
  email: { permission: 'personal-data:contact', mask: maskEmail },
  address: { permission: 'personal-data:address', mask: () => '***' },
};

export function maskPersonalData<T extends PersonalData>(value: T, role: Role): T {
  const out: T = { ...value };
  for (const [field, rule] of Object.entries(FIELDS) as Array<[keyof PersonalData, (typeof FIELDS)[keyof PersonalData]]>) {
    const v = value[field];
    if (typeof v === 'string' && v !== '' && !roleHas(role, rule.permission)) out[field] = rule.mask(v) as T[typeof field];
  }
  return out;
}

/** "Jane van Doe" → "J*** v*** D***" */
function maskName(v: string): string {
  return v
    .trim()
    .split(/\s+/)
    .map((w) => `${[...w][0] ?? ''}***`)
    .join(' ');
}

/** "+44 7700 900123" → "***123" */
function maskPhone(v: string): string {
  const digits = v.replace(/\D/g, '');
  return `***${digits.slice(-3)}`;
}

/** "jane.doe@example.com" → "j***@***.com" */
function maskEmail(v: string): string {
  const at = v.lastIndexOf('@');
  if (at < 1) return '***';
  const tld = v.slice(v.lastIndexOf('.')).toLowerCase();
  return `${[...v][0]}***@***${tld.length > 1 && v.lastIndexOf('.') > at ? tld : ''}`;
}
