import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { can } from '../../../core/users/principal.ts';
import { LIVE_EVENT_TYPES, liveEventOf } from './live-events.ts';
import { SseStream } from './sse-stream.ts';

/**
 * The live feed as Server-Sent Events: status changes, faults, connection changes, command progress and
 * ticket changes, each sent only to callers allowed to see it. Browsers connect with
 * `new EventSource('/api/live')` (the session cookie authenticates); integrations with a bearer token.
 */
export const liveRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps, metrics } = app;
  const open = new Set<SseStream>();
  // Ending the streams first lets the server close: an open SSE response would hold it forever.
  app.addHook('preClose', async () => {
    for (const s of open) s.close();
  });

  app.get(
    '',
    {
      config: { access: 'live:read' },
      schema: {
        tags: ['live'],
        summary: 'Server-Sent Events: connector.status, fault.*, charger.*, command.updated, ticket.updated (what your role may see)',
        description: 'text/event-stream. Each event has `event:` (the name) and `data:` (JSON). An `event: dropped` tells a client that read too slowly how many events it lost.',
      },
    },
    (req, reply) => {
      const principal = req.principal!;
      reply.hijack();
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': req.id,
      });
      const stream = new SseStream(reply.raw, {
        maxQueued: deps.config.live.maxQueuedEvents,
        heartbeatMs: deps.config.live.heartbeatS * 1000,
        onDrop: (n) => {
          metrics.liveDropped.inc(n);
          req.log.warn({ dropped: n }, 'live-feed client too slow; events dropped');
        },
      });
      open.add(stream);
      metrics.liveClients.inc();
      // the types the feed carries, not onAny: other events (meter.values) are then not even built
      const offs = LIVE_EVENT_TYPES.map((type) =>
        deps.bus.watch(type, (e) => {
          const live = liveEventOf(e);
          if (live && can(principal, live.permission)) stream.send(live.name, live.data);
        }),
      );
      reply.raw.on('close', () => {
        for (const off of offs) off();
        open.delete(stream);
        metrics.liveClients.dec();
        stream.close();
      });
      stream.write('retry: 5000\n\n');
      stream.send('ready', { role: principal.role });
    },
  );
};
