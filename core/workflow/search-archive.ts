import { Prisma } from '../db/generated/client.ts';
import type { Db } from './workflow-deps.ts';

export interface ArchiveQuery {
  q?: string | undefined;
  chargerId?: string | undefined;
  model?: string | undefined;
  faultClass?: string | undefined;
  partId?: string | undefined;
  type?: 'repair' | 'maintenance' | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** keyset: continue after this (createdAt, id) */
  after?: { createdAt: Date; id: string } | undefined;
  limit: number;
}

export interface ArchiveHit {
  ticketId: string;
  reference: string;
  type: string;
  status: string;
  chargerId: string | null;
  model: string | null;
  faultClass: string | null;
  title: string;
  resolution: string | null;
  createdAt: Date;
  closedAt: Date | null;
  parts: string[];
}

/**
 * The electronic archive of repair and maintenance records: by charger, model, fault class, part used
 * and free text over the whole record (title, diagnosis, inspection notes, actions, findings,
 * resolution), newest first, in the database.
 */
export async function searchArchive(db: Db, a: ArchiveQuery): Promise<ArchiveHit[]> {
  const like = a.q ? `%${a.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db.$queryRaw<Array<{ id: string; number: number; type: string; status: string; charger_id: string | null; model: string | null; fault_class: string | null; title: string; resolution: string | null; created_at: Date; closed_at: Date | null; parts: string[] | null }>>`
    SELECT t."id", t."number", t."type"::text AS type, t."status"::text AS status, t."charger_id", c."model", t."fault_class", t."title", t."resolution", t."created_at", coalesce(t."closed_at", t."resolved_at") AS closed_at,
      (SELECT array_agg(DISTINCT p."name") FROM "work_order" w JOIN "stock_movement" m ON m."work_order_id" = w."id" AND m."kind" = 'goods_out' JOIN "part" p ON p."id" = m."part_id" WHERE w."ticket_id" = t."id") AS parts
    FROM "ticket" t LEFT JOIN "charger" c ON c."id" = t."charger_id"
    WHERE t."type" IN ('repair', 'maintenance')
      AND (${a.type ?? null}::text IS NULL OR t."type"::text = ${a.type ?? null}::text)
      AND (${a.chargerId ?? null}::text IS NULL OR t."charger_id" = ${a.chargerId ?? null}::text)
      AND (${a.model ?? null}::text IS NULL OR c."model" = ${a.model ?? null}::text)
      AND (${a.faultClass ?? null}::text IS NULL OR t."fault_class" = ${a.faultClass ?? null}::text)
      AND (${a.from ?? null}::timestamptz IS NULL OR t."created_at" >= ${a.from ?? null}::timestamptz)
      AND (${a.to ?? null}::timestamptz IS NULL OR t."created_at" < ${a.to ?? null}::timestamptz)
      AND (${a.partId ?? null}::uuid IS NULL OR EXISTS (SELECT 1 FROM "work_order" w JOIN "stock_movement" m ON m."work_order_id" = w."id" WHERE w."ticket_id" = t."id" AND m."part_id" = ${a.partId ?? null}::uuid))
      AND (${like}::text IS NULL OR concat_ws(' ', t."title", t."resolution", t."fault_class", t."diagnosis"::text,
            (SELECT string_agg(concat_ws(' ', w."inspection_notes", array_to_string(w."actions", ' ')), ' ') FROM "work_order" w WHERE w."ticket_id" = t."id"),
            (SELECT v."findings"::text FROM "maintenance_visit" v WHERE v."ticket_id" = t."id")) ILIKE ${like}::text)
      ${a.after ? Prisma.sql`AND (t."created_at", t."id") < (${a.after.createdAt}, ${a.after.id}::uuid)` : Prisma.empty}
    ORDER BY t."created_at" DESC, t."id" DESC
    LIMIT ${a.limit}`;
  return rows.map((r) => ({ ticketId: r.id, reference: `T-${r.number}`, type: r.type, status: r.status, chargerId: r.charger_id, model: r.model, faultClass: r.fault_class, title: r.title, resolution: r.resolution, createdAt: r.created_at, closedAt: r.closed_at, parts: r.parts ?? [] }));
}
