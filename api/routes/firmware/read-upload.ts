import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import { ApiError } from '../../errors.ts';

export interface ReceivedUpload {
  fields: Record<string, string>;
  fileName: string | undefined;
  bytes: Buffer | undefined;
}

const tooLarge = (max: number) => new ApiError('FIRMWARE_TOO_LARGE', `the image is larger than ${max} bytes`);

/** A raw body, read whole under the cap. */
export async function readRaw(body: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      body.destroy();
      throw tooLarge(max);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A multipart/form-data body: its text fields and its one file, read whole under the cap. */
export function readMultipart(headers: IncomingHttpHeaders, body: Readable, max: number): Promise<ReceivedUpload> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Promise<{ name: string; bytes: Buffer }> | undefined;
    const bb = Busboy({ headers: { ...headers, 'content-type': headers['content-type']! }, limits: { files: 1, fileSize: max, fields: 10, fieldSize: 1000 } });
    bb.on('field', (name: string, value: string) => {
      fields[name] = value;
    });
    bb.on('file', (_field: string, stream: Readable, filename: string) => {
      file = new Promise((done, fail) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('limit', () => fail(tooLarge(max)));
        stream.on('error', fail);
        stream.on('end', () => done({ name: filename, bytes: Buffer.concat(chunks) }));
      });
      file.catch(() => undefined);
    });
    bb.on('error', (err: Error) => reject(new ApiError('FIRMWARE_INVALID_UPLOAD', `the multipart body could not be read: ${err.message}`)));
    bb.on('finish', () => {
      if (!file) return resolve({ fields, fileName: undefined, bytes: undefined });
      file.then((f) => resolve({ fields, fileName: f.name || undefined, bytes: f.bytes }), reject);
    });
    body.pipe(bb);
  });
}
