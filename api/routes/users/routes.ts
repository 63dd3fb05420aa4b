import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createUser } from '../../../core/users/create-user.ts';
import { UserError } from '../../../core/users/errors.ts';
import { updateUser } from '../../../core/users/update-user.ts';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { presentUser } from './presenter.ts';
import { createUserBody, updateUserBody, userIdParams, userListQuery, userPage, userSchema } from './schema.ts';

const tags = ['users'];
const SORTS = {
  email: { nullable: false, kind: 'string' },
  name: { nullable: false, kind: 'string' },
  createdAt: { nullable: false, kind: 'date' },
  lastLoginAt: { nullable: true, kind: 'date' },
} as const;

/** Staff accounts (admins manage; supervisors read). */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;

  app.get('', { config: { access: 'users:read' }, schema: { tags, summary: 'List users', querystring: userListQuery, response: { 200: userPage } } }, async (req) => {
    const q = req.query;
    const sort = parseSort(q.sort, SORTS);
    const cursor = decodeCursor(q.cursor, q.sort);
    const where: Prisma.UserWhereInput = {
      AND: [
        q.role ? { role: q.role } : {},
        q.disabled !== undefined ? { disabled: q.disabled } : {},
        q.q ? { OR: [{ email: { contains: q.q, mode: 'insensitive' } }, { name: { contains: q.q, mode: 'insensitive' } }] } : {},
        keysetAfter(sort, cursor) as Prisma.UserWhereInput,
      ],
    };
    const rows = await deps.prisma.user.findMany({ where, orderBy: keysetOrder(sort) as Prisma.UserOrderByWithRelationInput[], take: q.limit + 1 });
    const now = deps.now();
    return toPage(rows, q.limit, sort, (u) => ({ v: u[sort.field as keyof typeof SORTS], id: u.id }), (u) => presentUser(u, now));
  });

  app.get('/:id', { config: { access: 'users:read' }, schema: { tags, summary: 'One user', params: userIdParams, response: { 200: userSchema } } }, async (req) => {
    const u = await deps.prisma.user.findUnique({ where: { id: req.params.id } });
    if (!u) throw new UserError('USER_NOT_FOUND', `no user ${req.params.id}`);
    return presentUser(u, deps.now());
  });

  app.post(
    '',
    { config: { access: 'users:write', action: 'users.create' }, schema: { tags, summary: 'Create a user', body: createUserBody, response: { 201: userSchema } } },
    async (req, reply) => {
      const created = await createUser(deps.prisma, req.body);
      req.auditTarget = `user:${created.id}`;
      const u = await deps.prisma.user.findUniqueOrThrow({ where: { id: created.id } });
      return reply.code(201).send(presentUser(u, deps.now()));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: 'users:write', action: 'users.update' },
      schema: { tags, summary: 'Change role, name, password; disable; unlock', params: userIdParams, body: updateUserBody, response: { 200: userSchema } },
    },
    async (req) => {
      const u = await updateUser(deps.prisma, req.params.id, req.body, deps.now());
      return presentUser(u, deps.now());
    },
  );
};
