import { randomInt, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PrismaClient } from '../db/database.ts';
import { Prisma } from '../db/generated/client.ts';
import type { CommandStatus } from '../db/generated/enums.ts';
import type { ChargerId } from '../domain/charger.ts';
import { FIRMWARE_DONE, FIRMWARE_FAILED, LOG_DONE, LOG_FAILED, type ChargerCommand, type CommandOutcome } from '../domain/commands.ts';
import type { CommandUpdated, Delivered, EventOf, TransferStatus } from '../domain/events.ts';
import type { EventBus } from '../event-bus.ts';
import { applyOnce } from '../processed-events.ts';
import type { UploadSlots } from '../files/upload-slots.ts';
import { KeyedQueue } from '../util/keyed-queue.ts';
import { isForeignKeyViolation } from '../db/raw-statements.ts';
import { CommandError } from './command-errors.ts';
import { insertCommandWithEvent, updateCommandWithEvent, type CommandChange, type CommandEventInput, type CommandRecord } from './command-writes.ts';
import type { CommandTransport } from './command-transport.ts';
import { watchCharger } from '../charger-watch.ts';

export interface IssueCommand {
  chargerId: ChargerId;
  command: ChargerCommand;
  /** "user:<id>", "rule:<name>" or "system" */
  requestedBy: string;
  ticketId?: string | undefined;
  /** what to do when the charger is not connected: fail now, or queue until it boots (until expiresInS) */
  whenOffline?: 'fail' | 'queue';
  expiresInS?: number;
}

export type { CommandRecord };

export interface CommandServiceOptions {
  /** firmware may be handed to chargers only from these URL prefixes (the platform's store + an allow-list) */
  firmwareUrlPrefixes: () => readonly string[];
  /** how long a firmware/log flow may stay in progress before it is marked timed out */
  followUpTimeoutMs: number;
  defaultQueueExpiryS: number;
}

const FINAL: ReadonlySet<CommandStatus> = new Set(['succeeded', 'rejected', 'failed', 'timed_out', 'expired']);

/**
 * Remote commands and their life: requested → sent → accepted / rejected / failed / timed out → for
 * firmware and logs, the status notifications that follow. Every step is a row in command_event and a
 * `command.updated` event on the bus.
 */
export class CommandService {
  private timer: NodeJS.Timeout | undefined;
  /** a charger's transfer notifications, handled in the order they arrived */
  private readonly transfers = new KeyedQueue();
  /** waitForFinal callers by command id, handed the final row this process wrote */
  private readonly finalWaiters = new Map<string, Set<(row: CommandRecord) => void>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly transport: CommandTransport,
    private readonly uploads: UploadSlots,
    private readonly bus: EventBus,
    private readonly opts: CommandServiceOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.bus.on('charger.booted', (e) => (e.registration === 'accepted' ? this.deliverQueued(e.chargerId) : undefined));
    this.bus.on('firmware.status', (e) => this.transfers.run(e.chargerId, () => this.onTransferStatus(e)));
    this.bus.on('log.status', (e) => this.transfers.run(e.chargerId, () => this.onTransferStatus(e)));
    this.timer = setInterval(() => void this.sweep().catch((err: unknown) => this.log.warn({ err }, 'command sweep failed')), 5_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Commands that were on the wire when this process stopped cannot be answered any more. With several
   * nodes, other nodes' commands are still on the wire: pass `sentBefore` (older than any answer can take).
   */
  async failInterrupted(sentBefore?: Date): Promise<number> {
    const error = 'interrupted: the gateway restarted before the charger answered';
    const at = new Date();
    // one statement for the rows and one for their life's last entry, so the timeline says why too
    const failed = await this.prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE "command" SET "status" = 'failed', "error" = ${error}, "completed_at" = ${at}
       WHERE "status" = 'sent' AND (${sentBefore ?? null}::timestamptz IS NULL OR "sent_at" < ${sentBefore ?? null}::timestamptz)
      RETURNING "id"`;
    if (failed.length > 0) {
      await this.prisma.commandEvent.createMany({ data: failed.map((f) => ({ commandId: f.id, status: 'failed' as const, at, detail: { error } })) });
    }
    return failed.length;
  }

  async issue(input: IssueCommand): Promise<CommandRecord> {
    const online = await this.transport.isConnected(input.chargerId);
    // a connected charger is a registered one (the gateway admits no other): only an offline one is looked up,
    // and the insert's foreign key still tells a charger deleted meanwhile
    if (!online && !(await this.prisma.charger.findUnique({ where: { id: input.chargerId }, select: { id: true } }))) throw unknownCharger(input.chargerId);
    this.checkFirmwareUrl(input.command);

    if (!online && (input.whenOffline ?? 'fail') === 'fail') {
      throw new CommandError('COMMAND_CHARGER_OFFLINE', `charger '${input.chargerId}' is not connected; retry later or queue the command`);
    }
    const id = randomUUID();
    const status: CommandStatus = online ? 'sent' : 'queued';
    const row = await insertCommandWithEvent(this.prisma, {
      id,
      chargerId: input.chargerId,
      kind: input.command.kind,
      params: input.command,
      status,
      requestedBy: input.requestedBy,
      ticketId: input.ticketId ?? null,
      requestId: randomInt(1, 2 ** 31 - 1),
      sentAt: online ? new Date() : null,
      expiresAt: online ? null : new Date(Date.now() + (input.expiresInS ?? this.opts.defaultQueueExpiryS) * 1000),
    }, { status }).catch(async (err: unknown) => {
      // the charger or the ticket went away since (the insert's foreign keys): say which
      if (isForeignKeyViolation(err) && !(await this.prisma.charger.findUnique({ where: { id: input.chargerId }, select: { id: true } }))) {
        throw unknownCharger(input.chargerId);
      }
      throw err;
    });
    this.publish(row);
    if (!online) return row;
    return this.deliver(row);
  }

  isConnected(chargerId: ChargerId): Promise<boolean> {
    return this.transport.isConnected(chargerId);
  }

  async get(id: string): Promise<CommandRecord | null> {
    return this.prisma.command.findUnique({ where: { id } });
  }

  /**
   * Resolves when the command reaches a final status (or the timeout passes) — used by rules and tests.
   * Given the row `issue` returned, a command already final is not read again; a final row this process
   * writes reaches its waiters directly, and only an update from another node is read back.
   */
  async waitForFinal(command: string | CommandRecord, timeoutMs: number): Promise<CommandRecord> {
    const done = (r: CommandRecord | null) => r !== null && FINAL.has(r.status);
    if (typeof command !== 'string' && done(command)) return command;
    const id = typeof command === 'string' ? command : command.id;
    const first = await this.get(id);
    if (done(first)) return first!;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        off();
        void this.get(id).then((r) => (r ? resolve(r) : reject(new Error(`command ${id} vanished`))), reject);
      }, timeoutMs);
      const finish = (row: CommandRecord | undefined) => {
        clearTimeout(t);
        off();
        if (row) resolve(row);
        else void this.get(id).then((r) => resolve(r!), reject);
      };
      const onRow = (row: CommandRecord) => finish(row);
      const onUpdate = (e: EventOf<'command.updated'>) => {
        if (e.commandId === id && FINAL.has(e.status)) finish(undefined);
      };
      // only this charger's updates: hundreds of commands may be waiting at once (diagnoses under load)
      const offBus = first ? watchCharger(this.bus, 'command.updated', first.chargerId, onUpdate) : this.bus.watch('command.updated', onUpdate);
      const rows = this.finalWaiters.get(id) ?? new Set();
      rows.add(onRow);
      this.finalWaiters.set(id, rows);
      const off = () => {
        offBus();
        rows.delete(onRow);
        if (rows.size === 0 && this.finalWaiters.get(id) === rows) this.finalWaiters.delete(id);
      };
    });
  }

  private async deliver(row: CommandRecord): Promise<CommandRecord> {
    const command = row.params as ChargerCommand;
    let uploadUrl: string | undefined;
    if (command.kind === 'retrieveLogs') {
      uploadUrl = await this.uploads.create({ chargerId: row.chargerId, commandId: row.id, ticketId: row.ticketId ?? undefined });
    }
    let outcome: CommandOutcome;
    try {
      outcome = await this.transport.send(row.chargerId, command, { requestId: row.requestId ?? 0, uploadUrl });
    } catch (err) {
      outcome = { status: 'failed', error: (err as Error).message };
    }
    return this.record(row.id, outcome);
  }

  private async record(id: string, o: CommandOutcome): Promise<CommandRecord> {
    const now = new Date();
    const status: CommandStatus = o.status === 'accepted' ? (o.followUp ? 'accepted' : 'succeeded') : o.status;
    if (o.status === 'accepted' && o.followUp) {
      // The charger may report progress (Downloading…) before its CALLRESULT is recorded: keep that.
      const { count } = await this.prisma.command.updateMany({ where: { id, status: 'sent' }, data: { status: 'accepted' } });
      const row = await this.updateWithEvent(id, { result: o.result }, { status: 'accepted', at: now, detail: o });
      if (count > 0) this.publish(row);
      return row;
    }
    const change: CommandChange = {
      status,
      ...(o.status === 'accepted' || o.status === 'rejected' ? { result: o.result } : {}),
      ...(o.status === 'rejected' ? { error: o.reason } : {}),
      ...(o.status === 'failed' ? { error: o.error } : {}),
      ...(o.status === 'timed_out' ? { error: 'the charger did not answer in time' } : {}),
      ...(FINAL.has(status) ? { completedAt: now } : {}),
    };
    const row = await this.updateWithEvent(id, change, { status, at: now, detail: o });
    this.publish(row);
    return row;
  }

  private async deliverQueued(chargerId: ChargerId): Promise<void> {
    // Every accepted boot asks; almost always there is nothing. A raw probe costs a fraction of a Prisma
    // query's CPU, which a reconnect storm of thousands of boots feels (bench/boot-storm.ts).
    const [any] = await this.prisma.$queryRaw<Array<{ one: number }>>`
      SELECT 1 AS "one" FROM "command" WHERE "charger_id" = ${chargerId} AND "status" = 'queued' LIMIT 1`;
    if (!any) return;
    const queued = await this.prisma.command.findMany({
      where: { chargerId, status: 'queued', expiresAt: { gt: new Date() } },
      orderBy: { requestedAt: 'asc' },
    });
    for (const q of queued) {
      // claim it: another node (or a concurrent boot) may deliver the same queue
      const { count } = await this.prisma.command.updateMany({
        where: { id: q.id, status: 'queued' },
        data: { status: 'sent', sentAt: new Date() },
      });
      if (count === 0) continue;
      await this.prisma.commandEvent.create({ data: { commandId: q.id, status: 'sent' } });
      this.publish({ ...q, status: 'sent' });
      await this.deliver({ ...q, status: 'sent' });
    }
  }

  /** Idempotent: a redelivered notification (multi-node, at least once) changes nothing a second time. */
  private async onTransferStatus(e: Delivered<TransferStatus>): Promise<void> {
    const kind = e.type === 'firmware.status' ? 'updateFirmware' : 'retrieveLogs';
    if (e.status === 'Idle') return;
    const done = kind === 'updateFirmware' ? FIRMWARE_DONE : LOG_DONE;
    const failed = kind === 'updateFirmware' ? FIRMWARE_FAILED : LOG_FAILED;
    const status: CommandStatus = done.has(e.status) ? 'succeeded' : failed.has(e.status) ? 'failed' : 'in_progress';
    const r = await applyOnce(this.prisma, e.id, 'command-follow-up', async (tx) => {
      // 2.x carries the requestId we sent; 1.6 does not: then it is the charger's latest open flow
      // 'sent': the notification can overtake the recording of the charger's CALLRESULT
      const cmd = await tx.command.findFirst({
        where: { chargerId: e.chargerId, kind, status: { in: ['sent', 'accepted', 'in_progress'] }, ...(e.requestId !== undefined ? { requestId: e.requestId } : {}) },
        orderBy: { requestedAt: 'desc' },
      });
      if (!cmd) return undefined;
      const row = await tx.command.update({
        where: { id: cmd.id },
        data: {
          status,
          progress: e.status,
          ...(status === 'failed' ? { error: `the charger reported ${e.status}` } : {}),
          ...(FINAL.has(status) ? { completedAt: e.at } : {}),
        },
      });
      await tx.commandEvent.create({ data: { commandId: cmd.id, status, at: e.at, detail: { progress: e.status } }, select: { id: true } });
      return row;
    });
    if (r.applied && r.value) this.publish(r.value);
  }

  private async sweep(): Promise<void> {
    const now = new Date();
    const expired = await this.prisma.command.findMany({ where: { status: 'queued', expiresAt: { lte: now } }, select: { id: true } });
    for (const { id } of expired) {
      const row = await this.updateWithEvent(id, { status: 'expired', completedAt: now, error: 'the charger did not come online before the command expired' }, { status: 'expired', at: now });
      this.publish(row);
    }
    const stale = await this.prisma.command.findMany({
      where: { status: { in: ['accepted', 'in_progress'] }, sentAt: { lte: new Date(now.getTime() - this.opts.followUpTimeoutMs) } },
      select: { id: true },
    });
    for (const { id } of stale) await this.record(id, { status: 'timed_out' });
  }

  private async updateWithEvent(id: string, change: CommandChange, event: CommandEventInput): Promise<CommandRecord> {
    const row = await updateCommandWithEvent(this.prisma, id, change, event);
    // deleted meanwhile, with its charger (the foreign key cascades)
    if (!row) throw new Error(`command ${id} no longer exists`);
    return row;
  }

  private checkFirmwareUrl(command: ChargerCommand): void {
    if (command.kind !== 'updateFirmware') return;
    if (!this.opts.firmwareUrlPrefixes().some((p) => command.url.startsWith(p))) {
      throw new CommandError('COMMAND_URL_NOT_ALLOWED', `firmware URL ${command.url} is neither in the platform's store nor allow-listed (FIRMWARE_URL_ALLOWLIST)`);
    }
  }

  private publish(row: CommandRecord): void {
    // before the bus: the waiter takes the row and unsubscribes, so its bus handler does not read it again
    if (FINAL.has(row.status)) for (const w of [...(this.finalWaiters.get(row.id) ?? [])]) w(row);
    const event: CommandUpdated = {
      type: 'command.updated',
      chargerId: row.chargerId,
      at: new Date(),
      commandId: row.id,
      kind: row.kind,
      status: row.status,
      ticketId: row.ticketId ?? undefined,
      requestedBy: row.requestedBy,
    };
    this.bus.publish(event);
  }
}

const unknownCharger = (chargerId: ChargerId) => new CommandError('COMMAND_UNKNOWN_CHARGER', `no charger '${chargerId}'`);
