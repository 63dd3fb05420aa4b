import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticateToken } from '../../../core/users/authenticate-token.ts';
import { createApiToken } from '../../../core/users/create-api-token.ts';
import type { SessionTokens } from '../../../core/users/issue-session.ts';
import { logIn } from '../../../core/users/log-in.ts';
import { logOut } from '../../../core/users/log-out.ts';
import { refreshSession } from '../../../core/users/refresh-session.ts';
import { revokeApiToken } from '../../../core/users/revoke-api-token.ts';
import { ACCESS_COOKIE, readCookie, REFRESH_COOKIE, sessionCookie } from '../../cookies.ts';
import { ApiError } from '../../errors.ts';
import { presentApiToken, presentMe, presentSession } from './presenter.ts';
import { apiTokenSchema, createdTokenSchema, createTokenBody, loginBody, meSchema, refreshBody, sessionSchema, tokenIdParams } from './schema.ts';

const tags = ['auth'];

/** Login, refresh, logout, who am I, and personal API tokens. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const setCookies = (reply: FastifyReply, t: SessionTokens) => {
    const secure = deps.config.cookies.secure;
    reply.header('set-cookie', [
      sessionCookie(ACCESS_COOKIE, t.accessToken, { path: '/api', maxAgeS: deps.config.auth.accessTokenTtlS, secure }),
      sessionCookie(REFRESH_COOKIE, t.refreshToken, { path: '/api/auth', maxAgeS: deps.config.auth.refreshTokenTtlS, secure }),
    ]);
  };

  app.post(
    '/login',
    {
      config: { access: 'public', action: 'auth.login' },
      schema: { tags, summary: 'Log in with e-mail and password', security: [], body: loginBody, response: { 200: sessionSchema } },
    },
    async (req, reply) => {
      const { principal, tokens } = await logIn(deps.users, { email: req.body.email, password: req.body.password, ip: req.ip, userAgent: req.headers['user-agent'] });
      req.principal = principal;
      req.auditTarget = `user:${principal.userId}`;
      setCookies(reply, tokens);
      return presentSession(tokens, principal);
    },
  );

  app.post(
    '/refresh',
    {
      config: { access: 'public', action: 'auth.refresh' },
      schema: { tags, summary: 'Trade a refresh token for new tokens (the old one stops working)', security: [], body: refreshBody, response: { 200: sessionSchema } },
    },
    async (req, reply) => {
      const refreshToken = req.body?.refreshToken ?? readCookie(req.headers.cookie, REFRESH_COOKIE);
      if (!refreshToken) {
        throw new ApiError('API_VALIDATION_FAILED', 'no refresh token', { errors: [{ path: 'body.refreshToken', message: 'required unless the cm_refresh cookie is sent' }] });
      }
      const tokens = await refreshSession(deps.users, refreshToken);
      const principal = await authenticateToken(deps.users, tokens.accessToken);
      req.principal = principal;
      setCookies(reply, tokens);
      return presentSession(tokens, principal);
    },
  );

  app.post(
    '/logout',
    { config: { access: 'authenticated', action: 'auth.logout' }, schema: { tags, summary: 'Revoke this session (access and refresh token)', response: { 204: z.null() } } },
    async (req, reply) => {
      const p = req.principal!;
      if (p.via !== 'session') throw new ApiError('AUTH_FORBIDDEN', 'an API token is revoked with DELETE /api/auth/tokens/{id}, not logged out');
      await logOut(deps.users, p.credentialId);
      const secure = deps.config.cookies.secure;
      reply.header('set-cookie', [
        sessionCookie(ACCESS_COOKIE, '', { path: '/api', maxAgeS: 0, secure }),
        sessionCookie(REFRESH_COOKIE, '', { path: '/api/auth', maxAgeS: 0, secure }),
      ]);
      return reply.code(204).send(null);
    },
  );

  app.get('/me', { config: { access: 'authenticated' }, schema: { tags, summary: 'Who the token belongs to and what it may do', response: { 200: meSchema } } }, async (req) =>
    presentMe(req.principal!),
  );

  app.get('/tokens', { config: { access: 'tokens:own' }, schema: { tags, summary: 'Your personal API tokens', response: { 200: z.object({ items: z.array(apiTokenSchema) }) } } }, async (req) => {
    const rows = await deps.prisma.apiToken.findMany({ where: { userId: req.principal!.userId }, orderBy: { createdAt: 'desc' } });
    return { items: rows.map(presentApiToken) };
  });

  app.post(
    '/tokens',
    {
      config: { access: 'tokens:own', action: 'api-token.create' },
      schema: { tags, summary: 'Create a personal API token (shown once) limited to a subset of your permissions', body: createTokenBody, response: { 201: createdTokenSchema } },
    },
    async (req, reply) => {
      const b = req.body;
      const created = await createApiToken(deps.prisma, req.principal!, { name: b.name, scope: b.scope, expiresAt: b.expiresAt ? new Date(b.expiresAt) : undefined }, deps.now());
      req.auditTarget = `api-token:${created.id}`;
      return reply.code(201).send({ ...presentApiToken({ ...created, lastUsedAt: null, revokedAt: null }), token: created.token });
    },
  );

  app.delete(
    '/tokens/:id',
    { config: { access: 'tokens:own', action: 'api-token.revoke' }, schema: { tags, summary: 'Revoke one of your API tokens', params: tokenIdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await revokeApiToken(deps.prisma, req.principal!.userId, req.params.id, deps.now());
      req.auditTarget = `api-token:${req.params.id}`;
      return reply.code(204).send(null);
    },
  );
};
