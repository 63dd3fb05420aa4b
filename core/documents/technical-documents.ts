import { createHash } from 'node:crypto';
import { Prisma, type TechnicalDocument, type TechnicalDocumentVersion } from '../db/generated/client.ts';
import type { WorkflowDeps } from '../workflow/workflow-deps.ts';
import { DocumentError } from './errors.ts';

export const DOCUMENT_KINDS = ['manual', 'installation_drawing', 'repair_guide', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export async function createDocument(deps: WorkflowDeps, input: { model: string; kind: DocumentKind; title: string }): Promise<TechnicalDocument> {
  return deps.prisma.technicalDocument.create({ data: input });
}

/** A new version of a document's file: numbered after the last one (a concurrent upload takes the next number). */
export async function addDocumentVersion(deps: WorkflowDeps, input: { documentId: string; fileName: string; contentType: string; content: Buffer; actor: string }): Promise<TechnicalDocumentVersion> {
  if (input.content.length === 0) throw new DocumentError('DOCUMENT_EMPTY', 'the upload is empty');
  if (!(await deps.prisma.technicalDocument.count({ where: { id: input.documentId } }))) throw new DocumentError('DOCUMENT_NOT_FOUND', `no document ${input.documentId}`);
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  for (let attempt = 0; ; attempt++) {
    const last = await deps.prisma.technicalDocumentVersion.findFirst({ where: { documentId: input.documentId }, orderBy: { version: 'desc' }, select: { version: true } });
    try {
      return await deps.prisma.technicalDocumentVersion.create({
        data: { documentId: input.documentId, version: (last?.version ?? 0) + 1, fileName: input.fileName, contentType: input.contentType, sizeBytes: input.content.length, sha256, content: new Uint8Array(input.content), uploadedBy: input.actor, uploadedAt: deps.now() },
      });
    } catch (err) {
      if (attempt < 5 && err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') continue;
      throw err;
    }
  }
}
