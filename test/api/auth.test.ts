import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../core/users/create-user.ts';
import { bearer, PASSWORD, startApi, type ApiHarness } from './support/api-harness.ts';

// Login flows on a controlled clock against real PostgreSQL: N failures lock for M seconds, a lock ends
// on time, refresh rotates, a replayed refresh token kills the session, logout revokes at once.

const MAX_FAILURES = 3;
const LOCKOUT_S = 600;

describe('auth: login, lockout, refresh, logout', () => {
  let h: ApiHarness;
  const login = (email: string, password: string, ip?: string) =>
    h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, ...(ip ? { remoteAddress: ip } : {}) });

  beforeAll(async () => {
    h = await startApi({
      API_LOGIN_MAX_FAILURES: String(MAX_FAILURES),
      API_LOGIN_LOCKOUT_S: String(LOCKOUT_S),
      API_LOGIN_IP_MAX_FAILURES: '8',
      API_LOGIN_IP_WINDOW_S: '900',
      API_ACCESS_TOKEN_TTL_S: '900',
    });
    await createUser(h.db.prisma, { email: 'ana@example.com', name: 'Ana', role: 'support_engineer', password: PASSWORD });
  });
  afterAll(async () => h?.close());

  it('logs in with the right password: tokens, HttpOnly cookies, and the caller is who it says', async () => {
    const res = await login('ANA@example.com ', PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accessToken).toMatch(/^cma_/);
    expect(body.refreshToken).toMatch(/^cmr_/);
    expect(body.user).toMatchObject({ email: 'ana@example.com', role: 'support_engineer', via: 'session' });
    expect(new Date(body.accessExpiresAt).getTime()).toBe(h.clock.ms + 900_000);
    const cookies = [res.headers['set-cookie']].flat().join('\n');
    expect(cookies).toMatch(/cm_access=cma_[^;]+; Path=\/api; Max-Age=900; HttpOnly; SameSite=Strict/);
    expect(cookies).toMatch(/cm_refresh=cmr_[^;]+; Path=\/api\/auth;/);
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(body.accessToken) });
    expect(me.json()).toMatchObject({ email: 'ana@example.com', permissions: expect.arrayContaining(['chargers:read']) });
    // the tokens are stored hashed only
    const rows = await h.db.sql.query<{ access_token_hash: string }>('SELECT access_token_hash FROM user_session');
    expect(rows.map((r) => r.access_token_hash)).not.toContain(body.accessToken);
  });

  it('answers a wrong password with a 401 problem and creates no session', async () => {
    const sessionsBefore = await h.db.prisma.userSession.count();
    const res = await login('ana@example.com', 'not the password at all');
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 401, code: 'AUTH_INVALID_CREDENTIALS', type: 'urn:chargemend:problem:AUTH_INVALID_CREDENTIALS', title: expect.any(String), detail: expect.any(String) });
    expect(await h.db.prisma.userSession.count()).toBe(sessionsBefore);
    // an unknown e-mail gets the very same answer
    const unknown = await login('nobody@example.com', 'whatever password');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().code).toBe('AUTH_INVALID_CREDENTIALS');
    await h.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'ana@example.com', password: PASSWORD } }); // resets the count
  });

  it(`locks the account after ${MAX_FAILURES} failures, says until when, refuses even the right password, and unlocks on time`, async () => {
    for (let i = 1; i < MAX_FAILURES; i++) expect((await login('ana@example.com', `wrong ${i}`, '10.0.0.1')).json().code).toBe('AUTH_INVALID_CREDENTIALS');
    const locked = await login('ana@example.com', 'wrong again', '10.0.0.1');
    expect(locked.statusCode).toBe(423);
    const until = new Date(h.clock.ms + LOCKOUT_S * 1000).toISOString();
    expect(locked.json()).toMatchObject({ code: 'AUTH_LOCKED_OUT', lockedUntil: until, retryAfterS: LOCKOUT_S });
    expect(locked.headers['retry-after']).toBe(String(LOCKOUT_S));

    h.clock.advance((LOCKOUT_S - 1) * 1000);
    const stillLocked = await login('ana@example.com', PASSWORD, '10.0.0.2');
    expect(stillLocked.statusCode).toBe(423);
    expect(stillLocked.json().retryAfterS).toBe(1);

    h.clock.advance(1000);
    expect((await login('ana@example.com', PASSWORD, '10.0.0.2')).statusCode).toBe(200);
  });

  it('starts the failure count afresh after a lock runs out', async () => {
    for (let i = 0; i < MAX_FAILURES; i++) await login('ana@example.com', 'wrong', '10.0.0.3');
    h.clock.advance(LOCKOUT_S * 1000);
    expect((await login('ana@example.com', 'wrong once more', '10.0.0.3')).json().code).toBe('AUTH_INVALID_CREDENTIALS');
    expect((await login('ana@example.com', PASSWORD, '10.0.0.3')).statusCode).toBe(200);
  });

  it('refuses an address after too many failures across accounts, with Retry-After', async () => {
    const ip = '10.9.9.9';
    for (let i = 0; i < 8; i++) expect((await login(`someone${i}@example.com`, 'guess', ip)).statusCode).toBe(401);
    const limited = await login('ana@example.com', PASSWORD, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'AUTH_RATE_LIMITED', retryAfterS: 900 });
    expect((await login('ana@example.com', PASSWORD, '10.9.9.8')).statusCode).toBe(200); // other addresses are not affected
    h.clock.advance(900_000);
    expect((await login('ana@example.com', PASSWORD, ip)).statusCode).toBe(200);
  });

  it('expires access tokens, rotates refresh tokens, and revokes a session whose old refresh token is replayed', async () => {
    const first = (await login('ana@example.com', PASSWORD)).json();
    h.clock.advance(901_000);
    const expired = await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(first.accessToken) });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('AUTH_TOKEN_EXPIRED');

    const refreshed = await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } });
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(second.accessToken) })).statusCode).toBe(200);

    const replay = await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: first.refreshToken } });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('AUTH_TOKEN_INVALID');
    // the thief's replay ended the whole session, the legitimate tokens included
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(second.accessToken) })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: second.refreshToken } })).statusCode).toBe(401);
  });

  it('refreshes from the cookie too', async () => {
    const res = await login('ana@example.com', PASSWORD);
    const refresh = await h.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { cm_refresh: res.json().refreshToken } });
    expect(refresh.statusCode, refresh.body).toBe(200);
  });

  it('logout revokes the access and the refresh token at once', async () => {
    const s = (await login('ana@example.com', PASSWORD)).json();
    const out = await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(s.accessToken) });
    expect(out.statusCode).toBe(204);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(s.accessToken) })).json().code).toBe('AUTH_TOKEN_INVALID');
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: s.refreshToken } })).statusCode).toBe(401);
  });

  it('accepts the session cookie for reads only (no CSRF on mutations)', async () => {
    const s = (await login('ana@example.com', PASSWORD)).json();
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', cookies: { cm_access: s.accessToken } })).statusCode).toBe(200);
    const post = await h.app.inject({ method: 'POST', url: '/api/auth/tokens', cookies: { cm_access: s.accessToken }, payload: { name: 'x', scope: { kind: 'read-only' } } });
    expect(post.statusCode).toBe(401);
    expect(post.json().code).toBe('AUTH_REQUIRED');
  });

  it('rejects tokens that are not ours and malformed Authorization headers', async () => {
    for (const authorization of ['Bearer cma_forged', 'Bearer something', 'Basic YTpi']) {
      const res = await h.app.inject({ method: 'GET', url: '/api/chargers', headers: { authorization } });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('AUTH_TOKEN_INVALID');
    }
  });

  it('a disabled user cannot log in and loses open sessions', async () => {
    await createUser(h.db.prisma, { email: 'leaver@example.com', name: 'Leaver', role: 'viewer', password: PASSWORD });
    const s = (await login('leaver@example.com', PASSWORD)).json();
    const admin = await h.tokenFor('admin');
    const patch = await h.app.inject({ method: 'PATCH', url: `/api/users/${s.user.id}`, headers: bearer(admin), payload: { disabled: true } });
    expect(patch.statusCode).toBe(200);
    expect((await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(s.accessToken) })).statusCode).toBe(401);
    expect((await login('leaver@example.com', PASSWORD)).json().code).toBe('AUTH_INVALID_CREDENTIALS');
  });

  it('never lets the last admin go', async () => {
    const admins = await h.db.prisma.user.findMany({ where: { role: 'admin' } });
    expect(admins).toHaveLength(1);
    const token = (await login(admins[0]!.email, PASSWORD)).json().accessToken;
    const res = await h.app.inject({ method: 'PATCH', url: `/api/users/${admins[0]!.id}`, headers: bearer(token), payload: { role: 'viewer' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('USER_LAST_ADMIN');
  });
});
