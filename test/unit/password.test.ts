import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../core/security/password.ts';

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('correct horse');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct hors', h)).toBe(false);
    expect(await verifyPassword(Buffer.from('correct horse'), h)).toBe(true);
  });
  it('never matches a malformed stored hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
  it('salts each hash', async () => {
    expect(await hashPassword('a')).not.toBe(await hashPassword('a'));
  });
});
