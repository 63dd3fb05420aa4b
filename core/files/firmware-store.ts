import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrismaClient } from '../db/database.ts';

export interface FirmwareImageView {
  id: string;
  version: string;
  fileName: string;
  sizeBytes: number;
  sha256: string;
  model: string | null;
  url: string;
}

/**
 * Firmware images hosted by the platform: stored by content hash under DATA_DIR/firmware, served at
 * <public URL>/firmware/<id>/<fileName>. The same bytes uploaded twice are one image.
 */
export class FirmwareStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly opts: { dir: string; baseUrl: () => string },
  ) {}

  /** URL prefix under which every hosted image lives (the command service allows firmware URLs from it). */
  urlPrefix(): string {
    return `${this.opts.baseUrl()}/firmware/`;
  }

  async add(o: { version: string; fileName: string; model?: string | undefined; bytes: Buffer; uploadedBy?: string | undefined }): Promise<FirmwareImageView> {
    const sha256 = createHash('sha256').update(o.bytes).digest('hex');
    const fileName = (o.fileName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '') || 'firmware.bin').slice(0, 100);
    await mkdir(this.opts.dir, { recursive: true });
    await writeFile(join(this.opts.dir, sha256), o.bytes);
    const row = await this.prisma.firmwareImage.upsert({
      where: { sha256 },
      create: { version: o.version, fileName, sizeBytes: o.bytes.length, sha256, model: o.model ?? null, uploadedBy: o.uploadedBy ?? null },
      update: {},
    });
    return this.view(row);
  }

  async find(id: string): Promise<(FirmwareImageView & { path: string }) | undefined> {
    if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
    const row = await this.prisma.firmwareImage.findUnique({ where: { id } });
    return row ? { ...this.view(row), path: join(this.opts.dir, row.sha256) } : undefined;
  }

  async list(): Promise<FirmwareImageView[]> {
    return (await this.prisma.firmwareImage.findMany({ orderBy: { createdAt: 'desc' } })).map((r) => this.view(r));
  }

  private view(r: { id: string; version: string; fileName: string; sizeBytes: number; sha256: string; model: string | null }): FirmwareImageView {
    return { id: r.id, version: r.version, fileName: r.fileName, sizeBytes: r.sizeBytes, sha256: r.sha256, model: r.model, url: `${this.urlPrefix()}${r.id}/${encodeURIComponent(r.fileName)}` };
  }
}
