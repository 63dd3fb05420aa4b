import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UploadError } from '../../../core/files/upload-slots.ts';
import { ApiError } from '../../errors.ts';

// What chargers fetch and send over HTTP: firmware images (UpdateFirmware location) and diagnostics /
// log files (GetDiagnostics / GetLog location). Chargers hold no API credentials: the firmware id is
// unguessable and an upload URL carries a one-time token, valid for one file within its time and size.

const firmwareParams = z.object({ id: z.uuid(), file: z.string().min(1).max(200) });
const uploadParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{20,64}$/), file: z.string().max(200).optional() });

export const chargerFileRoutes: FastifyPluginAsyncZod = async (app) => {
  const files = app.deps.files!;

  // Upload bodies are streamed to disk under the slot's size cap, whatever their content type.
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(['application/json', 'text/plain'], (_req, payload, done) => done(null, payload));

  app.get(
    '/firmware/:id/:file',
    { config: { access: 'public' }, schema: { tags: ['charger files'], summary: 'Download a hosted firmware image (the URL handed to chargers)', security: [], params: firmwareParams } },
    async (req, reply) => {
      const image = await files.firmware.find(req.params.id);
      if (!image) throw new ApiError('FIRMWARE_NOT_FOUND', `no firmware image ${req.params.id}`);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', image.sizeBytes)
        .header('x-checksum-sha256', image.sha256)
        .send(createReadStream(image.path));
    },
  );

  for (const url of ['/uploads/:token', '/uploads/:token/:file']) {
    app.route({
      method: ['PUT', 'POST'],
      url,
      config: { access: 'public', action: 'charger-file.upload' },
      bodyLimit: 2 * 1024 * 1024 * 1024,
      schema: { tags: ['charger files'], summary: 'Receive a diagnostics or log file from a charger (raw body or multipart/form-data)', security: [], params: uploadParams },
      handler: async (req, reply) => {
        const raw = req.raw;
        try {
          const file = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
            ? await firstFile(raw)
            : { name: req.params.file || fileNameFrom(raw) || 'diagnostics.log', stream: req.body as Readable };
          const r = await files.uploads.receive(req.params.token, file.name, file.stream);
          return reply.code(201).send({ id: r.id, sizeBytes: r.sizeBytes, sha256: r.sha256 });
        } catch (err) {
          if (err instanceof UploadError) throw new ApiError(err.code, err.message);
          throw err;
        }
      },
    });
  }
};

/** The first file part of a multipart/form-data body (how many chargers upload diagnostics). */
function firstFile(req: IncomingMessage): Promise<{ name: string; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const bb = Busboy({ headers: { ...req.headers, 'content-type': req.headers['content-type']! }, limits: { files: 1 } });
    let got = false;
    bb.on('file', (_field, stream, filename) => {
      got = true;
      resolve({ name: filename || 'diagnostics.log', stream });
    });
    bb.on('error', reject);
    bb.on('finish', () => {
      if (!got) reject(new UploadError('UPLOAD_NO_FILE'));
    });
    req.pipe(bb);
  });
}

function fileNameFrom(req: IncomingMessage): string | undefined {
  const cd = req.headers['content-disposition'];
  const m = cd ? /filename="?([^";]+)"?/.exec(cd) : null;
  return m?.[1];
}
