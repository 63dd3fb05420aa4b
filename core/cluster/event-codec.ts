import type { Logger } from 'pino';
import type { Delivered } from '../domain/events.ts';
import type { StreamEntry } from './stream-reply.ts';

// Domain events as stream entries: JSON with Dates tagged, so that they come back as Dates and nothing
// else that merely looks like a date (a DataTransfer payload, an info text) is touched.

const DATE = '$date';

export function encodeEvent(event: Delivered): string {
  return JSON.stringify(event, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE]: raw.toISOString() } : value;
  });
}

export function decodeEvent(json: string): Delivered {
  return JSON.parse(json, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      const iso = v[DATE];
      if (typeof iso === 'string' && Object.keys(v).length === 1) return new Date(iso);
    }
    return value;
  }) as Delivered;
}

/** The event of a stream entry; undefined (logged) when the entry cannot be read, so that it is skipped. */
export function decodeEntry(e: StreamEntry, log: Logger): Delivered | undefined {
  try {
    return decodeEvent(e.fields!.e!);
  } catch (err) {
    log.error({ err, entry: e.id }, 'unreadable event in the stream: skipped');
    return undefined;
  }
}
