import { randomBytes, randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisLink } from '../../core/cluster/redis-link.ts';
import { RedisRemediationClaims } from '../../core/cluster/redis-remediation-claims.ts';
import { MIGRATIONS_DIR, openDatabase, type Database } from '../../core/db/database.ts';
import type { Prisma } from '../../core/db/generated/client.ts';
import { migrate } from '../../core/db/migrator.ts';
import type { RemediationClaim } from '../../core/diagnosis/remediation-claims.ts';
import { protectionSoFar } from '../../core/diagnosis/remediation-progress.ts';
import { RemediationTakeover, type TakenOver } from '../../core/diagnosis/remediation-takeover.ts';
import { LADDER_ACTOR } from '../../core/diagnosis/self-healing.ts';
import { TicketClaims } from '../../core/diagnosis/ticket-claims.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';

// A worker that stops between a fault's ticket and its diagnosis leaves the ticket open, undiagnosed. The
// takeover of another worker (real PostgreSQL, real Redis claims) hands such a ticket to its fault response
// again — only when no worker holds its claim, only tickets opened from a fault, only after the grace.

const log = pino({ level: 'silent' });
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const GRACE_MS = 2_000;
const CHARGER = 'RT-1';
const pending = { entryKey: 'ocpp16:HighTemperature', checks: [{ name: 'status', status: 'pending' }] };

describe('taking over fault responses whose worker stopped before the diagnosis', { timeout: 60_000 }, () => {
  let tdb: TestDatabase;
  let db: Database;
  const keyPrefix = `cm-test-${randomBytes(4).toString('hex')}:`;
  const links: RedisLink[] = [];
  /** claims of a live worker (A) and of the worker that looks for abandoned responses (B) */
  let claimsA: RedisRemediationClaims;
  let claimsB: TicketClaims;
  const handed: Array<{ kind: 'ladder' | 'response'; ticketId: string; claim: RemediationClaim }> = [];
  const takenOver: TakenOver = {
    resumeLadder: (ticketId, claim) => void handed.push({ kind: 'ladder', ticketId, claim }),
    resumeResponse: (ticketId, claim) => void handed.push({ kind: 'response', ticketId, claim }),
  };
  let takeover: RemediationTakeover;

  const link = async (node: string) => {
    const l = new RedisLink({ url: REDIS_URL, keyPrefix }, node, log);
    await l.connect();
    links.push(l);
    return l;
  };
  /** a ticket as FaultIntake leaves it, `ageMs` old; `fault`: opened from a fault (linked to it) */
  const ticket = async (over: Partial<Prisma.TicketUncheckedCreateInput>, opts: { ageMs?: number; fault?: boolean } = {}) => {
    const id = randomUUID();
    const createdAt = new Date(Date.now() - (opts.ageMs ?? 60_000));
    await db.prisma.ticket.create({
      data: { id, status: 'open', chargerId: CHARGER, evseId: 1, connectorId: 1, faultClass: 'ocpp16:HighTemperature', title: 'High temperature', diagnosis: pending, createdAt, ...over },
    });
    await db.prisma.ticketEvent.create({ data: { ticketId: id, actor: 'system', type: 'created', at: createdAt } });
    if (opts.fault ?? true) {
      await db.prisma.fault.create({
        data: { chargerId: CHARGER, evseId: 1, connectorId: 1, source: 'status', code: 'HighTemperature', faultClass: 'ocpp16:HighTemperature', severity: 'high', reportedAt: createdAt, ticketId: id },
      });
    }
    return id;
  };

  beforeAll(async () => {
    tdb = await createTestDatabase('cm_takeover');
    db = await openDatabase({ databaseUrl: tdb.url, dataDir: '/nonexistent', log });
    await db.withSession((s) => migrate(s, { migrationsDir: MIGRATIONS_DIR, log }));
    await db.prisma.charger.create({ data: { id: CHARGER } });
    claimsA = new RedisRemediationClaims(await link('worker-a'), { leaseMs: 30_000 }, log);
    claimsB = new TicketClaims(new RedisRemediationClaims(await link('worker-b'), { leaseMs: 30_000 }, log));
    // the sweep is called by the test, not by the timer (not started)
    takeover = new RemediationTakeover(db.prisma, claimsB, takenOver, { everyMs: 60_000, graceMs: GRACE_MS, actor: LADDER_ACTOR }, log);
  });
  afterAll(async () => {
    await takeover?.stop();
    await claimsA?.close();
    await claimsB?.close();
    for (const l of links) {
      let cursor = '0';
      do {
        const [next, keys] = await l.cmd.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 500);
        if (keys.length > 0) await l.cmd.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      await l.close();
    }
    await db?.close();
    await tdb?.drop();
  });

  it('takes an open ticket left without its diagnosis, not one whose claim a live worker holds, nor one not abandoned', async () => {
    const orphan = await ticket({});
    const held = await ticket({});
    // a live worker in the middle of this one's response
    const liveClaim = await claimsA.claim(held);
    expect(liveClaim?.held).toBe(true);
    // not abandoned, or not a fault response's
    await ticket({ diagnosis: { ...pending, completedAt: new Date().toISOString() } });
    await ticket({}, { ageMs: 0 });
    await ticket({ diagnosis: undefined, title: 'a ticket a person opened' }, { fault: false });
    await ticket({ status: 'awaiting_dispatch' });

    expect(await takeover.sweep()).toBe(1);
    expect(handed.map(({ kind, ticketId }) => ({ kind, ticketId }))).toEqual([{ kind: 'response', ticketId: orphan }]);
    expect(handed[0]!.claim.held).toBe(true);

    // while the response taken over runs, its claim keeps other looks (this worker's too) off it
    expect(await takeover.sweep()).toBe(0);

    // the live worker stops: the ticket it left is taken at the next look
    await liveClaim!.release();
    expect(await takeover.sweep()).toBe(1);
    expect(handed.map((h) => h.ticketId)).toEqual([orphan, held]);
    for (const h of handed) await h.claim.release();
  });

  it('takes over a response that keeps failing again only after a wait that doubles each time', async () => {
    let nowMs = Date.now();
    const clocked = new RemediationTakeover(db.prisma, claimsB, takenOver, { everyMs: 1_000, graceMs: GRACE_MS, actor: LADDER_ACTOR, now: () => nowMs }, log);
    const id = await ticket({});
    /** one look; every response it hands on fails at once (its claim released); was `id` among them? */
    const look = async (): Promise<boolean> => {
      handed.length = 0;
      await clocked.sweep();
      for (const h of handed) await h.claim.release();
      return handed.some((h) => h.ticketId === id);
    };
    expect(await look()).toBe(true);
    expect(await look()).toBe(false);
    nowMs += 2_000;
    expect(await look()).toBe(true);
    nowMs += 2_000;
    expect(await look()).toBe(false);
    nowMs += 2_000;
    expect(await look()).toBe(true);
    await db.prisma.ticket.update({ where: { id }, data: { diagnosis: { ...pending, completedAt: new Date().toISOString() } } });
    expect(await look()).toBe(false);
    await clocked.stop();
  });

  it('a fault response of this worker for a ticket shares its claim; a takeover does not', async () => {
    const id = await ticket({});
    const first = await claimsB.join(id);
    const second = await claimsB.join(id);
    expect(first?.held).toBe(true);
    expect(second?.held).toBe(true);
    expect(await claimsB.claim(id)).toBeUndefined();
    expect(await claimsA.claim(id)).toBeUndefined();
    await first!.release();
    // still held for the second response
    expect(await claimsA.claim(id)).toBeUndefined();
    await second!.release();
    const a = await claimsA.claim(id);
    expect(a?.held).toBe(true);
    await a!.release();
  });

  it("a response that runs again sees what its safety response did since the ticket opened, and only that", async () => {
    const id = await ticket({ faultClass: 'ocpp16:GroundFailure' });
    expect(await protectionSoFar(db.prisma, id)).toEqual({ outOfService: false, escalated: false });
    await db.prisma.ticketEvent.createMany({
      data: [
        { ticketId: id, actor: 'rule:out-of-service', type: 'auto_action', detail: { step: 'outOfService', kind: 'changeAvailability', status: 'failed' } },
        { ticketId: id, actor: 'rule:catalogue', type: 'status', detail: { to: 'escalated', reason: 'safety-critical fault' } },
      ],
    });
    // a command that failed did not take the charger out of service: it is sent again
    expect(await protectionSoFar(db.prisma, id)).toEqual({ outOfService: false, escalated: true });
    await db.prisma.ticketEvent.create({ data: { ticketId: id, actor: 'rule:out-of-service', type: 'auto_action', detail: { step: 'outOfService', kind: 'changeAvailability', status: 'queued' } } });
    expect(await protectionSoFar(db.prisma, id)).toEqual({ outOfService: true, escalated: true });
    // reopened by a recurrence: a new response, which protects again
    await db.prisma.ticketEvent.create({ data: { ticketId: id, actor: 'system', type: 'reopened' } });
    expect(await protectionSoFar(db.prisma, id)).toEqual({ outOfService: false, escalated: false });
  });
});
