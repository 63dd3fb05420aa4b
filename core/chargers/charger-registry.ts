import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ChargerId, ChargerIdentity, OcppVersion } from '../domain/charger.ts';
import type { EventBus } from '../event-bus.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Registration } from '../db/generated/enums.ts';
import { verifyPassword } from '../security/password.ts';
import { retrying } from '../util/retry.ts';
import { NO_PRESENCE, type ChargerPresence } from './presence.ts';

/** waits between attempts at recording a disconnect while a connect storm keeps the pool busy */
const DISCONNECT_RETRY_MS = [500, 1_000, 2_000, 4_000, 8_000];

export type UnknownChargerPolicy = 'reject' | 'pending' | 'auto-register';

export type Admission =
  | { admitted: true; registration: Registration; created: boolean }
  | { admitted: false; httpStatus: 401 | 404; reason: string };

export interface Credentials {
  password: Buffer | undefined;
  tls: boolean;
  /** a client certificate signed by our CA whose CN is the charger id was presented */
  clientCertificate: boolean;
  /** where the connection comes from: failed logins are throttled per address too */
  remoteAddress?: string | undefined;
}

export interface BootDecision {
  status: 'Accepted' | 'Pending' | 'Rejected';
  intervalS: number;
  currentTime: Date;
}

export interface RegistryOptions {
  unknownChargers: UnknownChargerPolicy;
  heartbeatIntervalS: number;
  bootRetryIntervalS: number;
  offlineAfterHeartbeats: number;
  lastSeenFlushMs: number;
  nodeId: string;
  /** failed logins per charger id / per remote address within the window, then refused unchecked */
  authMaxFailures?: number | undefined;
  authMaxFailuresPerIp?: number | undefined;
  authFailureWindowS?: number | undefined;
  /** multi-node: where this node tells which chargers it holds (default: nowhere, one process) */
  presence?: ChargerPresence | undefined;
}

/** the enum's values as stored (schema.prisma @map) */
const OCPP_VERSION_ENUM_DB: Record<OcppVersion, string> = { '1.6': '1.6', '2.0.1': '2.0.1', '2.1': '2.1' };

interface Live {
  connectionId: string;
  lastSeenMs: number;
  heartbeatIntervalS: number;
  offline: boolean;
}

/**
 * Who the chargers are and whether they are reachable: admission, BootNotification, connections,
 * last-seen and offline detection. Heartbeats never touch the database: last-seen is kept in memory and
 * written for all chargers in one statement every `lastSeenFlushMs`.
 */
export class ChargerRegistry {
  private readonly live = new Map<ChargerId, Live>();
  private readonly recording = new Set<Promise<void>>();
  /** disconnected chargers not (yet) back: since when, and whether `charger.offline` was published */
  private readonly gone = new Map<ChargerId, { sinceMs: number; heartbeatIntervalS: number; reported: boolean }>();
  private readonly dirtyLastSeen = new Map<ChargerId, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly presence: ChargerPresence;
  private readonly failedById: FailedLogins;
  private readonly failedByAddress: FailedLogins;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly bus: EventBus,
    private readonly opts: RegistryOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.presence = opts.presence ?? NO_PRESENCE;
    const windowMs = (opts.authFailureWindowS ?? 300) * 1000;
    this.failedById = new FailedLogins(opts.authMaxFailures ?? 5, windowMs, now);
    this.failedByAddress = new FailedLogins(opts.authMaxFailuresPerIp ?? 50, windowMs, now);
  }

  start(): void {
    const tickMs = Math.min(this.opts.lastSeenFlushMs, 1_000);
    let sinceFlush = 0;
    this.timer = setInterval(() => {
      this.sweepOffline();
      sinceFlush += tickMs;
      if (sinceFlush >= this.opts.lastSeenFlushMs) {
        sinceFlush = 0;
        void this.flushLastSeen().catch((err: unknown) => this.log.warn({ err }, 'last-seen flush failed; will retry'));
      }
    }, tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    // the gateway closed its sockets just before: their disconnect records are still being written
    while (this.recording.size > 0) await Promise.allSettled([...this.recording]);
    await this.flushLastSeen();
  }

  /**
   * Decides at the WebSocket upgrade whether a charger may connect. Security Profile 1: HTTP Basic
   * password; 2: the same over TLS; 3: a client certificate (already verified against our CA, CN = id).
   */
  async admit(chargerId: ChargerId, credentials: Credentials): Promise<Admission> {
    // Password guessing: past the limit, refused before any look-up or hash (which would cost us, not them).
    const address = credentials.remoteAddress;
    const waitMs = Math.max(this.failedById.blockedForMs(chargerId), address ? this.failedByAddress.blockedForMs(address) : 0);
    if (waitMs > 0) {
      return { admitted: false, httpStatus: 401, reason: `too many failed logins; retry in ${Math.ceil(waitMs / 1000)} s` };
    }
    const a = await this.check(chargerId, credentials);
    if (!a.admitted) {
      const idLocked = a.httpStatus === 401 && this.failedById.fail(chargerId);
      const addressLocked = address !== undefined && this.failedByAddress.fail(address);
      if (idLocked || addressLocked) this.log.warn({ chargerId, remoteAddress: address, byId: idLocked, byAddress: addressLocked }, 'failed charger logins over the limit: refusing further attempts for a while');
    } else {
      this.failedById.clear(chargerId);
    }
    return a;
  }

  private async check(chargerId: ChargerId, credentials: Credentials): Promise<Admission> {
    // Raw statements on the (re)connection path: Prisma's query building cost more CPU than the
    // statement itself, and a reconnect storm runs thousands of them at once (bench/boot-storm.ts).
    const [charger] = await this.prisma.$queryRaw<Array<{ passwordHash: string | null; registration: Registration; securityProfile: number }>>`
      SELECT "password_hash" AS "passwordHash", "registration"::text AS "registration", "security_profile" AS "securityProfile"
        FROM "charger" WHERE "id" = ${chargerId}`;
    if (charger) {
      const { password } = credentials;
      if (charger.securityProfile >= 2 && !credentials.tls) {
        return { admitted: false, httpStatus: 401, reason: `security profile ${charger.securityProfile} requires TLS` };
      }
      if (charger.securityProfile === 3) {
        if (!credentials.clientCertificate) return { admitted: false, httpStatus: 401, reason: 'client certificate required' };
      } else if (charger.passwordHash !== null) {
        if (!password) return { admitted: false, httpStatus: 401, reason: 'password required' };
        if (!(await verifyPassword(password, charger.passwordHash))) {
          return { admitted: false, httpStatus: 401, reason: 'wrong password' };
        }
      }
      return { admitted: true, registration: charger.registration, created: false };
    }
    switch (this.opts.unknownChargers) {
      case 'reject':
        return { admitted: false, httpStatus: 404, reason: 'unknown charger' };
      case 'pending':
      case 'auto-register': {
        const registration = this.opts.unknownChargers === 'pending' ? 'pending' : 'accepted';
        // upsert: two first connections of the same new charger may race
        await this.prisma.charger.upsert({
          where: { id: chargerId },
          create: { id: chargerId, registration, firstSeenAt: new Date(this.now()) },
          update: {},
        });
        return { admitted: true, registration, created: true };
      }
    }
  }

  async connected(chargerId: ChargerId, info: { ocppVersion: OcppVersion; remoteAddress: string | undefined }): Promise<string> {
    const at = new Date(this.now());
    // Two independent writes in parallel, no transaction: under a connect storm every round trip counts
    // (BENCHMARKS.md, boot storm). first_seen_at is set once, here, for registered chargers too.
    const connectionId = randomUUID();
    const [, updated] = await Promise.all([
      this.prisma.$executeRaw`
        INSERT INTO "charger_connection" ("id", "charger_id", "node_id", "protocol", "remote_address", "connected_at")
        VALUES (${connectionId}::uuid, ${chargerId}, ${this.opts.nodeId}, ${`ocpp${info.ocppVersion}`}, ${info.remoteAddress ?? null}, ${at})`,
      this.prisma.$executeRaw`
        UPDATE "charger" SET "online" = true, "last_seen_at" = ${at}, "ocpp_version" = ${OCPP_VERSION_ENUM_DB[info.ocppVersion]}::"OcppVersion",
               "first_seen_at" = COALESCE("first_seen_at", ${at}), "updated_at" = ${at}
         WHERE "id" = ${chargerId}`,
    ]);
    if (updated === 0) throw new Error(`charger ${chargerId} vanished while connecting`);
    this.live.set(chargerId, { connectionId, lastSeenMs: at.getTime(), heartbeatIntervalS: this.opts.heartbeatIntervalS, offline: false });
    this.presence.claim(chargerId);
    const wasGone = this.gone.get(chargerId);
    this.gone.delete(chargerId);
    if (wasGone?.reported) this.bus.publish({ type: 'charger.online', chargerId, at });
    this.bus.publish({ type: 'charger.connected', chargerId, at, ocppVersion: info.ocppVersion, remoteAddress: info.remoteAddress, nodeId: this.opts.nodeId });
    return connectionId;
  }

  /**
   * A connection closed. When a newer connection of the same charger already replaced it, only the old
   * connection's record is closed: the charger stays online.
   */
  disconnected(chargerId: ChargerId, connectionId: string, code: number | undefined, reason: string | undefined, replaced: boolean): Promise<void> {
    const p = this.recordDisconnect(chargerId, connectionId, code, reason, replaced);
    this.recording.add(p);
    void p.finally(() => this.recording.delete(p));
    return p;
  }

  private async recordDisconnect(chargerId: ChargerId, connectionId: string, code: number | undefined, reason: string | undefined, replaced: boolean): Promise<void> {
    const at = new Date(this.now());
    if (!replaced) {
      const live = this.live.get(chargerId);
      this.live.delete(chargerId);
      this.presence.release(chargerId);
      this.gone.set(chargerId, { sinceMs: at.getTime(), heartbeatIntervalS: live?.heartbeatIntervalS ?? this.opts.heartbeatIntervalS, reported: live?.offline ?? false });
      this.bus.publish({ type: 'charger.disconnected', chargerId, at, code, reason });
    }
    // When thousands of sockets close at once the pool is busy: retry, so that the database does not keep
    // showing a gone charger online (BENCHMARKS.md, boot storm).
    await this.withRetries(`record the disconnect of ${chargerId}`, () =>
      this.prisma.$executeRaw`
        UPDATE "charger_connection" SET "disconnected_at" = ${at}, "close_code" = ${code ?? null}::int,
               "close_reason" = ${reason ?? (replaced ? 'replaced by a new connection' : null)}
         WHERE "id" = ${connectionId}::uuid`,
    );
    if (replaced) return;
    const lastSeen = this.dirtyLastSeen.get(chargerId);
    this.dirtyLastSeen.delete(chargerId);
    await this.withRetries(`mark ${chargerId} offline`, async () => {
      if (this.live.has(chargerId)) return; // it came back meanwhile
      await this.prisma.$executeRaw`
        UPDATE "charger" SET "online" = false, "last_seen_at" = COALESCE(${lastSeen === undefined ? null : new Date(lastSeen)}::timestamptz, "last_seen_at"), "updated_at" = ${at}
         WHERE "id" = ${chargerId}`;
    });
  }

  /**
   * One process holds every socket (no Redis): connections left open and chargers left online by a
   * previous run that stopped without closing them are closed now; chargers that are really there
   * reconnect and are marked online again.
   */
  async forgetPreviousRun(): Promise<{ connections: number; chargers: number }> {
    const at = new Date(this.now());
    const connections = await this.prisma.chargerConnection.updateMany({
      where: { disconnectedAt: null },
      data: { disconnectedAt: at, closeReason: 'the gateway stopped without closing it' },
    });
    const chargers = await this.prisma.charger.updateMany({ where: { online: true }, data: { online: false } });
    return { connections: connections.count, chargers: chargers.count };
  }

  private async withRetries<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await retrying(fn, DISCONNECT_RETRY_MS);
    } catch (err) {
      this.log.error({ err, attempts: DISCONNECT_RETRY_MS.length + 1 }, `could not ${what}`);
      return undefined;
    }
  }

  async boot(chargerId: ChargerId, identity: ChargerIdentity, reason: string | undefined): Promise<BootDecision> {
    const at = new Date(this.now());
    const [row] = await this.prisma.$queryRaw<Array<{ registration: Registration }>>`
      UPDATE "charger" SET "vendor" = ${identity.vendor}, "model" = ${identity.model}, "serial_number" = ${identity.serialNumber ?? null},
             "firmware_version" = ${identity.firmwareVersion ?? null}, "last_boot_at" = ${at}, "last_boot_reason" = ${reason ?? null},
             "last_seen_at" = ${at}, "heartbeat_interval_s" = ${this.opts.heartbeatIntervalS}::int, "updated_at" = ${at}
       WHERE "id" = ${chargerId}
      RETURNING "registration"::text AS "registration"`;
    if (!row) throw new Error(`charger ${chargerId} is not registered (deleted while connected?)`);
    this.bus.publish({ type: 'charger.booted', chargerId, at, identity, reason, registration: row.registration });
    const live = this.live.get(chargerId);
    if (live) live.heartbeatIntervalS = this.opts.heartbeatIntervalS;
    switch (row.registration) {
      case 'accepted':
        return { status: 'Accepted', intervalS: this.opts.heartbeatIntervalS, currentTime: at };
      case 'pending':
        return { status: 'Pending', intervalS: this.opts.bootRetryIntervalS, currentTime: at };
      case 'rejected':
        return { status: 'Rejected', intervalS: this.opts.bootRetryIntervalS, currentTime: at };
    }
  }

  /** Any message from the charger: it is alive. In memory only (hot path). */
  touch(chargerId: ChargerId): void {
    const t = this.now();
    this.dirtyLastSeen.set(chargerId, t);
    const live = this.live.get(chargerId);
    if (!live) return;
    live.lastSeenMs = t;
    if (live.offline) {
      live.offline = false;
      this.bus.publish({ type: 'charger.online', chargerId, at: new Date(t) });
      void this.prisma.charger
        .update({ where: { id: chargerId }, data: { online: true, lastSeenAt: new Date(t) } })
        .catch((err: unknown) => this.log.warn({ err, chargerId }, 'could not mark charger online again'));
    }
  }

  isOnline(chargerId: ChargerId): boolean {
    const live = this.live.get(chargerId);
    return live !== undefined && !live.offline;
  }

  /** The chargers whose sockets this node holds (multi-node: presence is re-told after a Redis outage). */
  held(): ChargerId[] {
    return [...this.live.keys()];
  }

  /** Writes every pending last-seen in one statement, and refreshes those chargers' presence. */
  async flushLastSeen(): Promise<void> {
    if (this.dirtyLastSeen.size === 0) return;
    const entries = [...this.dirtyLastSeen];
    this.dirtyLastSeen.clear();
    this.presence.refresh(entries.flatMap(([id]) => (this.live.has(id) ? [id] : [])));
    try {
      // Epoch ms as numbers, not Dates: formatting 5,000 Dates into timestamp strings for the driver took
      // most of this statement's time on the event loop (every OCPP_LAST_SEEN_FLUSH_MS, with every charger).
      await this.prisma.$executeRawUnsafe(
        `UPDATE "charger" AS c SET "last_seen_at" = v.ts
           FROM (SELECT id, to_timestamp(ms / 1000.0) AS ts FROM unnest($1::text[], $2::float8[]) AS u(id, ms)) AS v
          WHERE c."id" = v.id AND (c."last_seen_at" IS NULL OR c."last_seen_at" < v.ts)`,
        entries.map(([id]) => id),
        entries.map(([, ms]) => ms),
      );
    } catch (err) {
      // keep them for the next flush unless newer values arrived meanwhile
      for (const [id, ms] of entries) if (!this.dirtyLastSeen.has(id)) this.dirtyLastSeen.set(id, ms);
      throw err;
    }
  }

  /**
   * Marks chargers offline that are connected but silent for too long (a "dead" charger), or that
   * disconnected and did not come back within the same grace.
   */
  sweepOffline(): void {
    const t = this.now();
    const limitMs = (intervalS: number) => intervalS * 1000 * this.opts.offlineAfterHeartbeats;
    for (const [chargerId, g] of this.gone) {
      if (g.reported || t - g.sinceMs <= limitMs(g.heartbeatIntervalS)) continue;
      g.reported = true;
      const offline = () => {
        this.log.info({ chargerId }, 'charger disconnected and not back: offline');
        this.bus.publish({ type: 'charger.offline', chargerId, at: new Date(t), lastSeenAt: new Date(g.sinceMs) });
      };
      if (this.presence === NO_PRESENCE) {
        offline();
        continue;
      }
      // multi-node: it may have come back through another gateway
      void this.presence.heldElsewhere(chargerId).then(
        (elsewhere) => (elsewhere ? this.gone.delete(chargerId) : offline()),
        () => offline(),
      );
    }
    for (const [chargerId, live] of this.live) {
      if (live.offline) continue;
      if (t - live.lastSeenMs > limitMs(live.heartbeatIntervalS)) {
        live.offline = true;
        const lastSeenAt = new Date(live.lastSeenMs);
        this.log.info({ chargerId, lastSeenAt }, 'charger silent for too long: offline');
        void this.prisma.charger
          .update({ where: { id: chargerId }, data: { online: false, lastSeenAt } })
          .catch((err: unknown) => this.log.warn({ err, chargerId }, 'could not mark charger offline'));
        this.bus.publish({ type: 'charger.offline', chargerId, at: new Date(t), lastSeenAt });
      }
    }
  }
}

/**
 * Failed logins per key (charger id or remote address) in a fixed window that starts at the first failure.
 * At most MAX_KEYS keys are tracked; the oldest windows go first, so a spray of addresses costs bounded memory.
 */
class FailedLogins {
  private static readonly MAX_KEYS = 100_000;
  private readonly byKey = new Map<string, { count: number; sinceMs: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** how long `key` is still refused (0: not) */
  blockedForMs(key: string): number {
    const e = this.byKey.get(key);
    if (!e) return 0;
    const left = e.sinceMs + this.windowMs - this.now();
    if (left <= 0) {
      this.byKey.delete(key);
      return 0;
    }
    return e.count >= this.max ? left : 0;
  }

  /** counts a failure; true when it reaches the limit */
  fail(key: string): boolean {
    const t = this.now();
    let e = this.byKey.get(key);
    if (!e || t - e.sinceMs >= this.windowMs) {
      this.byKey.delete(key);
      if (this.byKey.size >= FailedLogins.MAX_KEYS) this.byKey.delete(this.byKey.keys().next().value!);
      e = { count: 0, sinceMs: t };
      this.byKey.set(key, e);
    }
    e.count += 1;
    return e.count === this.max;
  }

  clear(key: string): void {
    this.byKey.delete(key);
  }
}
