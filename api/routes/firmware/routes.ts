import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError, type FieldError } from '../../errors.ts';
import { presentFirmwareImage } from './presenter.ts';
import { readMultipart, readRaw } from './read-upload.ts';
import { firmwareFields, firmwareImageSchema, firmwareList, firmwareUploadQuery, MAX_FIRMWARE_BYTES } from './schema.ts';

const tags = ['firmware'];

/** Firmware images hosted by the platform: upload (raw or multipart, size-capped, hashed) and list. */
export const firmwareRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.deps;
  const store = app.deps.files!.firmware;

  // The body is read (under the cap) by the handler, which knows the field names and the limit.
  app.addContentTypeParser(['application/octet-stream', 'multipart/form-data'], (_req, payload, done) => done(null, payload));

  app.get('', { config: { access: 'firmware:read' }, schema: { tags, summary: 'Hosted firmware images, newest first', response: { 200: firmwareList } } }, async () => ({
    items: (await store.list()).map(presentFirmwareImage),
    nextCursor: null,
  }));

  app.post(
    '',
    {
      config: { access: 'firmware:write', action: 'firmware.upload' },
      bodyLimit: MAX_FIRMWARE_BYTES + 64 * 1024,
      // refuse an announced oversize body before reading any of it
      onRequest: async (req) => {
        if (Number(req.headers['content-length'] ?? 0) > MAX_FIRMWARE_BYTES) throw new ApiError('FIRMWARE_TOO_LARGE', `the image is larger than ${MAX_FIRMWARE_BYTES} bytes`);
      },
      schema: {
        tags,
        summary: 'Upload a firmware image (raw application/octet-stream with ?version=, or multipart/form-data with fields version, model and one file)',
        description: `At most ${MAX_FIRMWARE_BYTES / 1024 / 1024} MiB; an empty file is refused. Answers 201 with the image (its sha256 and the URL chargers download it from), or 200 with the image already holding the same bytes.`,
        querystring: firmwareUploadQuery,
        response: { 200: firmwareImageSchema, 201: firmwareImageSchema },
      },
    },
    async (req, reply) => {
      const type = req.headers['content-type'] ?? '';
      const multipart = type.startsWith('multipart/form-data');
      if (!multipart && !type.startsWith('application/octet-stream')) {
        throw new ApiError('API_UNSUPPORTED_MEDIA_TYPE', 'send the image as application/octet-stream (version in the query) or multipart/form-data');
      }
      const body = req.body as Readable;
      const upload = multipart
        ? await readMultipart(req.headers, body, MAX_FIRMWARE_BYTES)
        : { fields: {}, fileName: undefined, bytes: await readRaw(body, MAX_FIRMWARE_BYTES) };
      const where = multipart ? 'body' : 'query';
      const parsed = firmwareFields.safeParse({ ...req.query, ...upload.fields });
      if (!parsed.success) {
        const errors: FieldError[] = parsed.error.issues.map((i) => ({ path: [where, ...i.path.map(String)].join('.'), message: i.message }));
        throw new ApiError('API_VALIDATION_FAILED', `${errors.length} invalid field${errors.length === 1 ? '' : 's'}: ${errors.map((e) => e.path).join(', ')}`, { errors });
      }
      if (upload.bytes === undefined) throw new ApiError('FIRMWARE_INVALID_UPLOAD', 'the multipart body holds no file');
      if (upload.bytes.length === 0) throw new ApiError('FIRMWARE_INVALID_UPLOAD', 'the image is empty');
      const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
      const existed = (await prisma.firmwareImage.findUnique({ where: { sha256 }, select: { id: true } })) !== null;
      const image = await store.add({
        version: parsed.data.version,
        model: parsed.data.model,
        fileName: parsed.data.fileName ?? upload.fileName ?? `firmware-${parsed.data.version}.bin`,
        bytes: upload.bytes,
        uploadedBy: `user:${req.principal!.userId}`,
      });
      req.auditTarget = `firmware:${image.id}`;
      return reply.code(existed ? 200 : 201).send(presentFirmwareImage(image));
    },
  );
};
