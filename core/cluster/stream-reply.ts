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

/**
 * XREAD / XREADGROUP with one stream: [[key, entries]] (RESP2), or [key, entries] when the connection
 * speaks RESP3 and the reply map is flattened; null when nothing arrived.
 */
export function readReply(raw: unknown): StreamEntry[] {
  if (!Array.isArray(raw)) return [];
  if (typeof raw[0] === 'string') return entries(raw[1]);
  if (Array.isArray(raw[0])) return entries((raw[0] as unknown[])[1]);
  return [];
}

/** XAUTOCLAIM: [next start id, entries, deleted ids]. */
export function autoclaimReply(raw: unknown): { next: string; claimed: StreamEntry[]; deleted: string[] } {
  const r = Array.isArray(raw) ? raw : [];
  return { next: typeof r[0] === 'string' ? r[0] : '0-0', claimed: entries(r[1]), deleted: Array.isArray(r[2]) ? r[2].map(String) : [] };
}
