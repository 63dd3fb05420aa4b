import { createHash } from 'node:crypto';

/**
 * A UUID derived from another event's id and a tag (name-based, like a UUID v5): an event published in
 * reaction to another gets the same id when its cause is delivered again, so its own handlers skip it.
 */
export function derivedEventId(causeId: string, tag: string): string {
  const h = createHash('sha1').update(`${causeId}\u0000${tag}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
