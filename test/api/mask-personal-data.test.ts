import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../core/users/mask-personal-data.ts';
import { ROLES, type Role } from '../../core/users/permissions.ts';

const customer = { id: 'c-1', name: 'Jane van Doe', phone: '+44 7700 900123', email: 'jane.doe@example.com', address: '1 High Street, Leeds', tier: 'gold' };
const masked = { name: 'J*** v*** D***', phone: '***123', email: 'j***@***.com', address: '***' };

// Who sees which personal data unmasked (core/users/permissions.ts, personal-data:*), for every role.
const SEES: Record<Role, Array<keyof typeof masked>> = {
  admin: ['name', 'phone', 'email', 'address'],
  supervisor: ['name', 'phone', 'email', 'address'],
  support_engineer: ['name', 'phone', 'email'],
  repair_engineer: ['name', 'phone', 'email', 'address'],
  specialist: ['name', 'phone', 'email', 'address'],
  viewer: [],
};

describe('maskPersonalData', () => {
  it.each(ROLES)('role %s sees exactly the fields it needs', (role) => {
    const out = maskPersonalData(customer, role);
    for (const field of Object.keys(masked) as Array<keyof typeof masked>) {
      expect(out[field], field).toBe(SEES[role].includes(field) ? customer[field] : masked[field]);
    }
    expect(out.id).toBe('c-1');
    expect(out.tier).toBe('gold');
  });

  it('leaves absent and empty values alone and never mutates its input', () => {
    const input = { name: null, phone: undefined, email: '', address: 'x' };
    expect(maskPersonalData(input, 'viewer')).toEqual({ name: null, phone: undefined, email: '', address: '***' });
    expect(input.address).toBe('x');
  });

  it.each([
    ['odd@localhost', 'o***@***'],
    ['not an email', '***'],
  ])('masks unusual e-mails without revealing them: %s', (email, expected) => {
    expect(maskPersonalData({ email }, 'viewer').email).toBe(expected);
  });
});
