import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Prisma } from '../../../core/db/generated/client.ts';
import { createWebhookSubscription } from '../../../core/webhooks/create-webhook-subscription.ts';
import { deleteWebhookSubscription } from '../../../core/webhooks/delete-webhook-subscription.ts';
import { WebhookError } from '../../../core/webhooks/errors.ts';
import { updateWebhookSubscription } from '../../../core/webhooks/update-webhook-subscription.ts';
import { decodeCursor, keysetAfter, keysetOrder, parseSort, toPage } from '../../pagination.ts';
import { presentDelivery, presentSubscription } from './presenter.ts';
import { createdSubscriptionSchema, createSubscriptionBody, deliveryPage, deliveryQuery, subscriptionIdParams, subscriptionSchema, updateSubscriptionBody } from './schema.ts';

const tags = ['webhooks'];
const DELIVERY_SORT = parseSort('-createdAt', { createdAt: { nullable: false, kind: 'date' } });

/** Outbound webhook subscriptions and their delivery log (admins and supervisors). */
export const webhookRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const changed = () => deps.webhooks?.subscriptionsChanged();
  const find = async (id: string) => {
    const s = await deps.prisma.webhookSubscription.findUnique({ where: { id } });
    if (!s) throw new WebhookError('WEBHOOK_NOT_FOUND', `no webhook subscription ${id}`);
    return s;
  };

  app.get('', { config: { access: 'webhooks:read' }, schema: { tags, summary: 'List subscriptions', response: { 200: z.object({ items: z.array(subscriptionSchema) }) } } }, async () => ({
    items: (await deps.prisma.webhookSubscription.findMany({ orderBy: { createdAt: 'asc' } })).map(presentSubscription),
  }));

  app.post(
    '',
    {
      config: { access: 'webhooks:write', action: 'webhooks.create' },
      schema: { tags, summary: 'Subscribe a URL to event types; the answer carries the signing secret, once', body: createSubscriptionBody, response: { 201: createdSubscriptionSchema } },
    },
    async (req, reply) => {
      const s = await createWebhookSubscription(deps.prisma, { ...req.body, createdBy: `user:${req.principal!.userId}` });
      req.auditTarget = `webhooks:${s.id}`;
      await changed();
      return reply.code(201).send({ ...presentSubscription(s), secret: s.secret });
    },
  );

  app.get('/:id', { config: { access: 'webhooks:read' }, schema: { tags, summary: 'One subscription', params: subscriptionIdParams, response: { 200: subscriptionSchema } } }, async (req) =>
    presentSubscription(await find(req.params.id)),
  );

  app.patch(
    '/:id',
    {
      config: { access: 'webhooks:write', action: 'webhooks.update' },
      schema: { tags, summary: 'Change URL, event types, description; pause with active=false', params: subscriptionIdParams, body: updateSubscriptionBody, response: { 200: subscriptionSchema } },
    },
    async (req) => {
      const s = await updateWebhookSubscription(deps.prisma, req.params.id, req.body);
      await changed();
      return presentSubscription(s);
    },
  );

  app.delete(
    '/:id',
    { config: { access: 'webhooks:write', action: 'webhooks.delete' }, schema: { tags, summary: 'Delete a subscription and its delivery log', params: subscriptionIdParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await deleteWebhookSubscription(deps.prisma, req.params.id);
      await changed();
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:id/deliveries',
    { config: { access: 'webhooks:read' }, schema: { tags, summary: 'Delivery log, newest first', params: subscriptionIdParams, querystring: deliveryQuery, response: { 200: deliveryPage } } },
    async (req) => {
      await find(req.params.id);
      const q = req.query;
      const cursor = decodeCursor(q.cursor, '-createdAt');
      const where: Prisma.WebhookDeliveryWhereInput = {
        AND: [{ subscriptionId: req.params.id }, q.status ? { status: q.status } : {}, q.eventType ? { eventType: q.eventType } : {}, keysetAfter(DELIVERY_SORT, cursor) as Prisma.WebhookDeliveryWhereInput],
      };
      const rows = await deps.prisma.webhookDelivery.findMany({ where, orderBy: keysetOrder(DELIVERY_SORT) as Prisma.WebhookDeliveryOrderByWithRelationInput[], take: q.limit + 1 });
      return toPage(rows, q.limit, DELIVERY_SORT, (d) => ({ v: d.createdAt, id: d.id }), presentDelivery);
    },
  );
};
