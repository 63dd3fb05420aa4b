import type { FirmwareImageView } from '../../../core/files/firmware-store.ts';

export function presentFirmwareImage(i: FirmwareImageView) {
  return { id: i.id, version: i.version, fileName: i.fileName, sizeBytes: i.sizeBytes, sha256: i.sha256, model: i.model, url: i.url };
}
