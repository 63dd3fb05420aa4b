// The two session cookies the dashboard uses. Enough of RFC 6265 for our own cookies; no dependency.

export const ACCESS_COOKIE = 'cm_access';
export const REFRESH_COOKIE = 'cm_refresh';

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

export function sessionCookie(name: string, value: string, o: { path: string; maxAgeS: number; secure: boolean }): string {
  // HttpOnly: page scripts never see it; SameSite=Strict: other sites cannot make the browser send it.
  return [`${name}=${encodeURIComponent(value)}`, `Path=${o.path}`, `Max-Age=${Math.max(0, Math.floor(o.maxAgeS))}`, 'HttpOnly', 'SameSite=Strict', ...(o.secure ? ['Secure'] : [])].join('; ');
}
