import { createHash, randomBytes } from 'node:crypto';

// Opaque bearer tokens. 256 random bits each, so a fast hash (SHA-256) is enough to store them: unlike
// passwords they cannot be guessed, and the database never holds a usable token. The prefix says what a
// token is (and lets secret scanners recognise a leaked one).

export const TOKEN_PREFIX = { access: 'cma_', refresh: 'cmr_', personal: 'cmp_' } as const;
export type TokenKind = keyof typeof TOKEN_PREFIX;

export interface NewToken {
  token: string;
  hash: string;
  /** enough to recognise the token in a list, not to use it */
  display: string;
}

export function newToken(kind: TokenKind): NewToken {
  const token = TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token), display: token.slice(0, TOKEN_PREFIX[kind].length + 6) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function tokenKind(token: string): TokenKind | undefined {
  for (const [kind, prefix] of Object.entries(TOKEN_PREFIX) as Array<[TokenKind, string]>) {
    if (token.startsWith(prefix)) return kind;
  }
  return undefined;
}
