import { createReadStream } from 'node:fs';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../../core/users/principal.ts';
import { ApiError } from '../../errors.ts';

const params = z.object({ uploadId: z.uuid() });

/**
 * Diagnostics and log files chargers uploaded (GetDiagnostics / GetLog). Whoever may read tickets or
 * commands may download them: the route is "authenticated" and checks either permission itself.
 */
export const diagnosticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;
  const uploads = app.deps.files!.uploads;

  app.get(
    '/:uploadId',
    {
      config: { access: 'authenticated' },
      onRequest: async (req) => {
        const p = req.principal!;
        if (!can(p, 'tickets:read') && !can(p, 'commands:read')) {
          throw new ApiError('AUTH_FORBIDDEN', `this needs the permission tickets:read or commands:read, which ${p.via === 'api-token' ? 'this API token' : `the role ${p.role}`} does not have`);
        }
      },
      schema: {
        tags: ['tickets'],
        summary: 'Download a diagnostics/log file a charger uploaded (permission tickets:read or commands:read)',
        description: 'Answers the file as application/octet-stream (an attachment), with its SHA-256 in X-Checksum-SHA256.',
        params,
      },
    },
    async (req, reply) => {
      const slot = await prisma.uploadSlot.findUnique({ where: { id: req.params.uploadId } });
      if (!slot?.receivedAt) throw new ApiError('DIAGNOSTICS_NOT_FOUND', `no received file ${req.params.uploadId}`);
      const name = (slot.fileName ?? 'diagnostics.log').replace(/[^A-Za-z0-9._-]/g, '_');
      // always a download, never rendered: a charger chose these bytes
      if (slot.sizeBytes !== null) reply.header('content-length', slot.sizeBytes);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('x-content-type-options', 'nosniff')
        .header('x-checksum-sha256', slot.sha256 ?? '')
        .send(createReadStream(uploads.pathOf(slot.id)));
    },
  );
};
