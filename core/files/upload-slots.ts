import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PrismaClient } from '../db/database.ts';
import { codedError } from '../errors.ts';

export const UPLOAD_ERRORS = {
  UPLOAD_UNKNOWN_TOKEN: { status: 404, message: 'no upload is expected at this address' },
  UPLOAD_ALREADY_RECEIVED: { status: 409, message: 'this upload address was already used' },
  UPLOAD_EXPIRED: { status: 410, message: 'this upload address has expired' },
  UPLOAD_TOO_LARGE: { status: 413, message: 'the file is larger than allowed' },
  UPLOAD_NO_FILE: { status: 400, message: 'the multipart body holds no file' },
} as const;

export class UploadError extends codedError('UploadError', UPLOAD_ERRORS) {}

export interface UploadSlotOptions {
  dir: string;
  /** builds the URL a charger uploads to from the one-time token */
  urlFor: (token: string) => string;
  maxBytes: number;
  ttlS: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * One-time upload addresses for GetDiagnostics / GetLog: the charger gets a URL with a random token;
 * the first upload within the time limit and size cap is kept and attached to the charger and ticket.
 * Only the token's hash is stored.
 */
export class UploadSlots {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly opts: UploadSlotOptions,
  ) {}

  async create(o: { chargerId: string; commandId?: string | undefined; ticketId?: string | undefined }): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await this.prisma.uploadSlot.create({
      data: {
        tokenHash: hash(token),
        chargerId: o.chargerId,
        commandId: o.commandId ?? null,
        ticketId: o.ticketId ?? null,
        maxBytes: this.opts.maxBytes,
        expiresAt: new Date(Date.now() + this.opts.ttlS * 1000),
      },
    });
    return this.opts.urlFor(token);
  }

  /** Streams the body to disk under the size cap; the slot is used once. */
  async receive(token: string, fileName: string, body: Readable): Promise<{ id: string; sizeBytes: number; sha256: string }> {
    const slot = await this.prisma.uploadSlot.findUnique({ where: { tokenHash: hash(token) } });
    if (!slot) throw new UploadError('UPLOAD_UNKNOWN_TOKEN');
    if (slot.receivedAt) throw new UploadError('UPLOAD_ALREADY_RECEIVED');
    if (slot.expiresAt.getTime() < Date.now()) throw new UploadError('UPLOAD_EXPIRED');

    await mkdir(this.opts.dir, { recursive: true });
    const safeName = (fileName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || 'upload.log').slice(0, 100);
    const tmp = join(this.opts.dir, `${slot.id}.part`);
    const sha = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        body,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > slot.maxBytes) throw new UploadError('UPLOAD_TOO_LARGE');
            sha.update(chunk);
            yield chunk;
          }
        },
        createWriteStream(tmp),
      );
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    // claim the slot atomically: two concurrent uploads with the same token keep only the first
    const { count } = await this.prisma.uploadSlot.updateMany({
      where: { id: slot.id, receivedAt: null },
      data: { receivedAt: new Date(), fileName: safeName, sizeBytes: size, sha256: sha.digest('hex') },
    });
    if (count === 0) {
      await rm(tmp, { force: true });
      throw new UploadError('UPLOAD_ALREADY_RECEIVED');
    }
    await rename(tmp, this.pathOf(slot.id));
    const row = await this.prisma.uploadSlot.findUniqueOrThrow({ where: { id: slot.id } });
    if (slot.ticketId) {
      await this.prisma.ticketEvent.create({
        data: { ticketId: slot.ticketId, actor: `charger:${slot.chargerId}`, type: 'logs_attached', detail: { uploadId: slot.id, fileName: safeName, sizeBytes: size } },
      });
    }
    return { id: slot.id, sizeBytes: size, sha256: row.sha256! };
  }

  pathOf(uploadId: string): string {
    return join(this.opts.dir, uploadId);
  }
}
