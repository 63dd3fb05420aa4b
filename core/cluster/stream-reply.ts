// Shapes of Redis stream replies (RESP2 through ioredis `call`), read defensively.

export interface StreamEntry {
  id: string;
  /** null when the entry was trimmed away before it was claimed */
  fields: Record<string, string> | null;
}

function entry(raw: unknown): StreamEntry | undefined {
  if (!Array.isArray(raw) || typeof raw[0] !== 'string') return undefined;
  const list = raw[1];
  if (!Array.isArray(list)) return { id: raw[0], fields: null };
  const fields: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) fields[String(list[i])] = String(list[i + 1]);
  return { id: raw[0], fields };
}

export function entries(raw: unknown): StreamEntry[] {
  return Array.isArray(raw) ? raw.flatMap((r) => entry(r) ?? []) : [];
}

/** XAUTOCLAIM: [next start id, entries, deleted ids]. */
export function autoclaimReply(raw: unknown): { next: string; claimed: StreamEntry[]; deleted: string[] } {
  const r = Array.isArray(raw) ? raw : [];
  return { next: typeof r[0] === 'string' ? r[0] : '0-0', claimed: entries(r[1]), deleted: Array.isArray(r[2]) ? r[2].map(String) : [] };
}

/**
 * XREAD / XREADGROUP with several streams: [[key, entries], …] (RESP2), or [key, entries, key, entries, …]
 * when a RESP3 map is flattened; null when nothing arrived.
 */
export function readStreamsReply(raw: unknown): Array<{ stream: string; entries: StreamEntry[] }> {
  if (!Array.isArray(raw)) return [];
  if (typeof raw[0] === 'string') {
    const out: Array<{ stream: string; entries: StreamEntry[] }> = [];
    for (let i = 0; i + 1 < raw.length; i += 2) out.push({ stream: String(raw[i]), entries: entries(raw[i + 1]) });
    return out;
  }
  return raw.flatMap((r) => (Array.isArray(r) && typeof r[0] === 'string' ? [{ stream: r[0], entries: entries(r[1]) }] : []));
}
