import { WorkflowError } from './errors.ts';

// A drawn signature arrives as a data URL (the dashboard's canvas gives PNG; some pads give SVG). It is
// stored as bytes and shown to people later, so it is checked: a real PNG, or an SVG without scripts,
// event handlers or external references (an SVG is a document that can run code in a browser).

export const SIGNATURE_MAX_BYTES = 256 * 1024;

export interface SignatureImage {
  type: 'image/png' | 'image/svg+xml';
  bytes: Buffer;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DATA_URL = /^data:(image\/png|image\/svg\+xml)(;charset=[\w-]+)?(;base64)?,(.*)$/s;
const SVG_FORBIDDEN = /<script|<foreignObject|<iframe|<object|<embed|\son\w+\s*=|javascript:|(?:xlink:)?href\s*=\s*["']?(?!#)|<!ENTITY|<!DOCTYPE/i;

export function parseSignature(dataUrl: string): SignatureImage {
  const m = DATA_URL.exec(dataUrl);
  if (!m) throw new WorkflowError('SIGNATURE_INVALID', 'the signature must be a data URL of a PNG or SVG image (data:image/png;base64,…)');
  const type = m[1] as SignatureImage['type'];
  const payload = m[4] ?? '';
  // a base64 text is 4/3 of its bytes: refuse before decoding anything oversized
  if (payload.length > Math.ceil((SIGNATURE_MAX_BYTES * 4) / 3) + 4) throw tooLarge();
  let bytes: Buffer;
  if (m[3]) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(payload)) throw new WorkflowError('SIGNATURE_INVALID', 'the signature is not valid base64');
    bytes = Buffer.from(payload, 'base64');
  } else {
    try {
      bytes = Buffer.from(decodeURIComponent(payload), 'utf8');
    } catch {
      throw new WorkflowError('SIGNATURE_INVALID', 'the signature is not a valid URL-encoded image');
    }
  }
  if (bytes.length === 0) throw new WorkflowError('SIGNATURE_INVALID', 'the signature image is empty');
  if (bytes.length > SIGNATURE_MAX_BYTES) throw tooLarge();
  if (type === 'image/png') {
    if (!bytes.subarray(0, 8).equals(PNG_MAGIC)) throw new WorkflowError('SIGNATURE_INVALID', 'the signature claims to be a PNG but is not one');
  } else {
    const text = bytes.toString('utf8');
    if (!/<svg[\s>]/i.test(text)) throw new WorkflowError('SIGNATURE_INVALID', 'the signature claims to be an SVG but has no <svg> element');
    if (SVG_FORBIDDEN.test(text)) throw new WorkflowError('SIGNATURE_INVALID', 'the SVG signature contains scripts, event handlers or external references');
  }
  return { type, bytes };
}

export function signatureDataUrl(s: { imageType: string; image: Uint8Array }): string {
  return `data:${s.imageType};base64,${Buffer.from(s.image).toString('base64')}`;
}

function tooLarge(): WorkflowError {
  return new WorkflowError('SIGNATURE_TOO_LARGE', `the signature image is larger than ${SIGNATURE_MAX_BYTES / 1024} KiB`);
}
