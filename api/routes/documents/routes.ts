import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TechnicalDocument, TechnicalDocumentVersion } from '../../../core/db/generated/client.ts';
import { DocumentError } from '../../../core/documents/errors.ts';
import { addDocumentVersion, createDocument, DOCUMENT_KINDS } from '../../../core/documents/technical-documents.ts';
import { userActor } from '../../../core/workflow/workflow-deps.ts';
import { mapAfterSalesErrors } from '../workflow/after-sales-errors.ts';
import { workflowDeps } from '../workflow/workflow-deps.ts';

const tags = ['documents'];
const MAX_BYTES = 50 * 1024 * 1024;
/** File types a technical document may have; anything else is refused with 415 before it is read. */
const FILE_TYPES = ['application/pdf', 'application/octet-stream', 'image/png', 'image/jpeg', 'image/svg+xml', 'application/zip', 'text/plain'];

const docBody = z.object({ model: z.string().trim().min(1).max(100).meta({ example: 'DC50' }), kind: z.enum(DOCUMENT_KINDS), title: z.string().trim().min(1).max(300).meta({ example: 'DC50 repair manual' }) });
const versionSchema = z.object({ version: z.number().int(), fileName: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string(), uploadedBy: z.string(), uploadedAt: z.iso.datetime(), downloadUrl: z.string() });
const docSchema = z.object({ id: z.uuid(), model: z.string(), kind: z.enum(DOCUMENT_KINDS), title: z.string(), createdAt: z.iso.datetime(), versions: z.array(versionSchema).meta({ description: 'newest first' }) });
const idParams = z.object({ id: z.uuid() });
const versionParams = z.object({ id: z.uuid(), version: z.coerce.number().int().min(1) });
const listQuery = z.object({ model: z.string().max(100).optional(), kind: z.enum(DOCUMENT_KINDS).optional() });
const uploadQuery = z.object({ fileName: z.string().trim().min(1).max(255).regex(/^[^/\\\0]+$/).meta({ example: 'dc50-repair-manual-v3.pdf' }) });

type Version = Omit<TechnicalDocumentVersion, 'content'>;
const presentVersion = (v: Version) => ({ version: v.version, fileName: v.fileName, contentType: v.contentType, sizeBytes: v.sizeBytes, sha256: v.sha256, uploadedBy: v.uploadedBy, uploadedAt: v.uploadedAt.toISOString(), downloadUrl: `/api/documents/${v.documentId}/versions/${v.version}/download` });
const present = (d: TechnicalDocument & { versions: Version[] }) => ({ id: d.id, model: d.model, kind: d.kind as (typeof DOCUMENT_KINDS)[number], title: d.title, createdAt: d.createdAt.toISOString(), versions: d.versions.map(presentVersion) });
const VERSIONS = { orderBy: { version: 'desc' }, omit: { content: true } } as const;

/** Technical documents per charger model (manuals, drawings, repair guides): upload, versions, download. */
export const documentRoutes: FastifyPluginAsyncZod = async (app) => {
  mapAfterSalesErrors(app);
  const deps = workflowDeps(app.deps);
  // files arrive as the raw request body (PUT-style upload), only on this plugin's routes
  app.addContentTypeParser(FILE_TYPES, { parseAs: 'buffer', bodyLimit: MAX_BYTES }, (_req, body, done) => done(null, body));
  const load = async (id: string) => {
    const d = await deps.prisma.technicalDocument.findUnique({ where: { id }, include: { versions: VERSIONS } });
    if (!d) throw new DocumentError('DOCUMENT_NOT_FOUND', `no document ${id}`);
    return d;
  };

  app.get('', { config: { access: 'documents:read' }, schema: { tags, summary: 'Documents, by charger model and kind', querystring: listQuery, response: { 200: z.object({ items: z.array(docSchema) }) } } }, async (req) => ({
    items: (await deps.prisma.technicalDocument.findMany({ where: { ...(req.query.model ? { model: req.query.model } : {}), ...(req.query.kind ? { kind: req.query.kind } : {}) }, include: { versions: VERSIONS }, orderBy: [{ model: 'asc' }, { title: 'asc' }], take: 1000 })).map(present),
  }));

  app.post('', { config: { access: 'documents:write', action: 'documents.create' }, schema: { tags, summary: 'Add a document (then upload its file as a version)', body: docBody, response: { 201: docSchema } } }, async (req, reply) => {
    const d = await createDocument(deps, req.body);
    req.auditTarget = `document:${d.id}`;
    return reply.code(201).send(present({ ...d, versions: [] }));
  });

  app.get('/:id', { config: { access: 'documents:read' }, schema: { tags, summary: 'A document with its versions', params: idParams, response: { 200: docSchema } } }, async (req) => present(await load(req.params.id)));

  app.post(
    '/:id/versions',
    { config: { access: 'documents:write', action: 'documents.upload' }, schema: { tags, summary: 'Upload a new version: the file is the request body (Content-Type: application/pdf, image/png, …; at most 50 MiB)', params: idParams, querystring: uploadQuery, response: { 201: versionSchema } } },
    async (req, reply) => {
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const contentType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim();
      const v = await addDocumentVersion(deps, { documentId: req.params.id, fileName: req.query.fileName, contentType, content, actor: userActor(req.principal!.userId) });
      return reply.code(201).send(presentVersion(v));
    },
  );

  app.get('/:id/versions/:version/download', { config: { access: 'documents:read' }, schema: { tags, summary: 'Download a version', params: versionParams } }, async (req, reply) => {
    const v = await deps.prisma.technicalDocumentVersion.findUnique({ where: { documentId_version: { documentId: req.params.id, version: req.params.version } } });
    if (!v) throw new DocumentError('DOCUMENT_NOT_FOUND', `no version ${req.params.version} of document ${req.params.id}`);
    return reply
      .type(v.contentType)
      .header('content-disposition', `attachment; filename="${v.fileName.replace(/["\r\n]/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('etag', `"${v.sha256}"`)
      .send(Buffer.from(v.content));
  });
};
