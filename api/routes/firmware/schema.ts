import { z } from 'zod';

/** Firmware images are held in memory while their hash is taken; beyond this, host them elsewhere (FIRMWARE_URL_ALLOWLIST). */
export const MAX_FIRMWARE_BYTES = 256 * 1024 * 1024;

export const firmwareFields = z.object({
  version: z.string().trim().min(1).max(50).meta({ description: 'the version the image installs', example: '2.5.0' }),
  model: z.string().trim().min(1).max(200).optional().meta({ description: 'the charger model it is built for (campaigns then require it)', example: 'AC22-T2' }),
  fileName: z.string().trim().min(1).max(200).optional().meta({ example: 'ac22-2.5.0.bin' }),
});

export const firmwareUploadQuery = firmwareFields.partial().meta({
  description: 'with a raw body (application/octet-stream): version (required), model, fileName; with multipart/form-data they are form fields',
});

export const firmwareImageSchema = z.object({
  id: z.uuid(),
  version: z.string().meta({ example: '2.5.0' }),
  fileName: z.string().meta({ example: 'ac22-2.5.0.bin' }),
  sizeBytes: z.number().int().meta({ example: 7340032 }),
  sha256: z.string().meta({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' }),
  model: z.string().nullable().meta({ example: 'AC22-T2' }),
  url: z.string().meta({ description: 'where chargers download it (UpdateFirmware location)', example: 'https://cms.example.com/firmware/5b0c…/ac22-2.5.0.bin' }),
});

export const firmwareList = z.object({
  items: z.array(firmwareImageSchema).meta({ description: 'every hosted image, newest first' }),
  nextCursor: z.null().meta({ description: 'always null: the list is not paged' }),
});
