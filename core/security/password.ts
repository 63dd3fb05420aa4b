import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Password hashes for chargers (Security Profile 1/2) and, later, users:
// "scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>". Parameters travel with the hash so they can be raised later.

const N = 16_384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function derive(password: Buffer | string, salt: Buffer, o: ScryptOptions & { N: number }): Promise<Buffer> {
  return new Promise((res, rej) =>
    scrypt(password, salt, KEY_LEN, { ...o, maxmem: 128 * o.N * (o.r ?? R) * 2 }, (err, key) => (err ? rej(err) : res(key))),
  );
}

export async function hashPassword(password: Buffer | string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function verifyPassword(password: Buffer | string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
