import { EventEmitter } from 'node:events';
import { createRPCError } from 'ocpp-rpc';
import { NOREPLY } from './connection.ts';
import { pino, type Logger } from 'pino';
import { awaitEvent } from './await-event.ts';
import { ChargerCommands } from './charger-commands.ts';
import type { ChargerContext } from './charger-context.ts';
import type { ChargerEvents } from './charger-events.ts';
import { ChargerState } from './charger-state.ts';
import { resolveChargerConfig, type ChargerConfig, type ChargerConfigInput } from './config.ts';
import { ChargerConnection } from './connection.ts';
import { FaultController } from './faults/fault-controller.ts';
import type { ClearsBy } from './faults/fault-catalogue.ts';
import type { FaultSpecInput } from './faults/fault-spec.ts';
import type { GroundTruthSink } from './faults/ground-truth-log.ts';
import { LogRing } from './log-ring.ts';
import { Messenger } from './messenger.ts';
import type { BootReason, CommandHandler, ProtocolModule, StopReason } from './protocol/protocol.ts';
import { protocolFor } from './protocol/protocol-for.ts';
import { hashSeed, Random } from './random.ts';
import type { ScheduledJob } from './scheduler.ts';
import { Scheduler } from './scheduler.ts';
import { SessionController } from './sessions.ts';
import { SettingsStore } from './settings.ts';
import { snapshotOf, type ChargerSnapshot } from './charger-snapshot.ts';
import { FirmwareUpdater } from './transfers/firmware-update.ts';
import { LogUploader } from './transfers/log-upload.ts';

export interface ChargerDeps {
  /** CSMS base URL (ws:// or wss://); the charger connects to `${url}/${id}` */
  url: string;
  /** shared by a fleet; a charger on its own gets one of its own */
  scheduler?: Scheduler;
  logger?: Logger;
  groundTruth?: GroundTruthSink;
}

/** One simulated charger: a real OCPP client (ocpp-rpc, strict mode) with version-neutral behaviour. */
export class VirtualCharger extends EventEmitter<ChargerEvents> implements ChargerContext {
  readonly config: ChargerConfig;
  readonly protocol: ProtocolModule;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly log: Logger;
  readonly model: ChargerState;
  readonly settings: SettingsStore;
  readonly connection: ChargerConnection;
  readonly messenger: Messenger;
  readonly logRing: LogRing;
  readonly groundTruth: GroundTruthSink | undefined;
  readonly events: EventEmitter<ChargerEvents> = this;
  commandsReceived = 0;

  private readonly sessions: SessionController;
  private readonly faults: FaultController;
  private readonly firmware: FirmwareUpdater;
  private readonly logs: LogUploader;
  private readonly handlers: Map<string, CommandHandler>;
  private readonly ownScheduler: boolean;
  private bootReason: BootReason = 'PowerUp';
  private poweredOn = false;
  private bootJob: ScheduledJob | undefined;
  private heartbeatJob: ScheduledJob | undefined;

  constructor(input: ChargerConfigInput, deps: ChargerDeps) {
    super();
    this.config = resolveChargerConfig(input);
    this.protocol = protocolFor(this.config.ocppVersion);
    this.ownScheduler = !deps.scheduler;
    this.scheduler = deps.scheduler ?? new Scheduler();
    this.random = new Random(this.config.seed ?? hashSeed(this.config.id));
    this.log = (deps.logger ?? pino({ level: 'silent' })).child({ chargerId: this.config.id });
    this.groundTruth = deps.groundTruth;
    this.model = new ChargerState(this.config, this.random);
    this.settings = new SettingsStore(this.config);
    this.logRing = new LogRing(this.config.logRingSize);
    this.connection = new ChargerConnection(this.config, deps.url, (a, p) => this.onCall(a, p), this.scheduler, this.random, this.log);
    this.messenger = new Messenger(this);
    this.sessions = new SessionController(this);
    this.faults = new FaultController(this, this.sessions);
    this.firmware = new FirmwareUpdater(this);
    this.logs = new LogUploader(this);
    const commands = new ChargerCommands(this, this.sessions, this.faults, this.firmware, this.logs, () => this.heartbeatNow(), () => this.triggeredBoot(), (name) => this.settingChanged(name));
    this.handlers = this.protocol.handlers(commands);
    this.connection.on('open', () => this.onOpen());
    this.connection.on('close', (ev) => this.onClose(ev));
    this.connection.on('reconnecting', (ev) => this.emit('reconnecting', ev));
    this.connection.on('strictValidationFailure', (ev) => this.emit('protocolError', { action: ev.action, outbound: ev.outbound, error: String(ev.error) }));
  }

  get id(): string {
    return this.config.id;
  }

  /** Power on: connect, boot, and keep going until `stop()`. */
  start(): void {
    if (this.poweredOn) return;
    this.poweredOn = true;
    this.bootReason = 'PowerUp';
    this.logRing.add(`power on firmware ${this.model.firmwareVersion}`);
    this.connection.start();
  }

  /** Power off: closes the connection cleanly; pending timers of this charger stop. */
  async stop(): Promise<void> {
    this.poweredOn = false;
    this.stopTimers();
    this.sessions.stopSampler();
    for (const f of this.model.faults.values()) for (const j of f.jobs) j.cancel();
    await this.connection.stop();
    this.model.bootAccepted = false;
    if (this.ownScheduler) this.scheduler.stop();
  }

  injectFault(spec: FaultSpecInput): string {
    return this.faults.inject(spec);
  }

  /** Clears a fault as a repair visit would (or as `clearedBy` says). */
  clearFault(faultId: string, clearedBy: ClearsBy = 'repair'): boolean {
    return this.faults.clear(faultId, clearedBy);
  }

  /** Plug in and badge `idTag` at connector `connectorId` (1.6 numbering). */
  startSession(connectorId = 1, idTag = 'SIMTAG0001'): boolean {
    const c = this.model.connector(connectorId);
    return !!c && !!this.sessions.start(c, idTag);
  }

  stopSession(connectorId = 1, reason: StopReason = 'Local'): boolean {
    const c = this.model.connector(connectorId);
    return !!c && this.sessions.stop(c, reason, reason === 'EVDisconnected' ? 'EVDeparted' : 'StopAuthorized');
  }

  /** Resolves with the params of the next CSMS call of `action`. */
  awaitCommand(action: string, opts: { timeoutMs?: number } = {}): Promise<unknown> {
    return awaitEvent(this, 'command', (c) => c.action === action, opts.timeoutMs).then((c) => c.params);
  }

  /** Drops the connection as a network failure would (reconnects with backoff), or for `downMs`. */
  dropConnection(downMs?: number): void {
    if (downMs === undefined) this.connection.drop();
    else this.connection.dropFor(downMs);
  }

  /** Plain-data view: connection, boot, firmware, per-connector status and meters, active faults, configuration. */
  state(): ChargerSnapshot {
    this.sessions.advanceMeters();
    return snapshotOf(this, this.firmware.status, this.logs.status);
  }

  ms(seconds: number): number {
    return (seconds * 1000) / this.config.timeScale;
  }

  reboot(kind: 'soft' | 'hard', reason: BootReason): void {
    if (this.model.rebooting || !this.poweredOn) return;
    void this.doReboot(kind, reason);
  }

  private async doReboot(kind: 'soft' | 'hard', reason: BootReason): Promise<void> {
    this.emit('rebooting', { kind, reason });
    this.logRing.add(`reboot ${kind} (${reason})`);
    // A soft reset ends sessions cleanly and lets their Stop go out; after a hard one they go out after boot.
    this.sessions.stopAll(kind === 'soft' ? 'SoftReset' : 'HardReset', 'ResetCommand');
    if (kind === 'soft') await Promise.race([this.messenger.drain(), new Promise((r) => setTimeout(r, 2_000))]);
    this.model.rebooting = true;
    this.model.bootAccepted = false;
    this.faults.onReboot(kind);
    this.stopTimers();
    this.sessions.stopSampler();
    await this.connection.stop();
    this.messenger.resetReported();
    this.scheduler.after(this.config.rebootDelayMs, () => {
      this.model.rebooting = false;
      if (!this.poweredOn) return;
      this.bootReason = reason;
      this.logRing.add(`power on firmware ${this.model.firmwareVersion}`);
      this.connection.start();
    });
  }

  private async onCall(action: string, params: unknown): Promise<object | typeof NOREPLY> {
    this.commandsReceived++;
    this.emit('command', { action, params });
    // A dead charger keeps its socket (pings are answered by the WebSocket layer) but never answers.
    if (this.model.dead) return NOREPLY;
    this.logRing.add(`command ${action}`);
    const handler = this.handlers.get(action);
    if (!handler) throw createRPCError('NotImplemented', `${action} is not supported by this charger`);
    try {
      return await handler(params);
    } catch (err) {
      this.log.error({ action, err: String(err) }, 'command failed');
      throw createRPCError('InternalError', `${action} failed`);
    }
  }

  private onOpen(): void {
    this.emit('connected');
    this.logRing.add('connected');
    if (!this.model.bootAccepted) void this.boot();
    else this.online(false);
  }

  private onClose(ev: { code: number | undefined; reason: string | undefined }): void {
    this.stopTimers();
    this.logRing.add(`disconnected code=${ev.code ?? ''}`);
    this.emit('disconnected', ev);
  }

  private async boot(): Promise<void> {
    this.bootJob?.cancel();
    const raw = await this.messenger.send(this.protocol.boot(this.config, this.model.firmwareVersion, this.bootReason), true);
    if (!this.connection.isOpen || this.model.rebooting) return;
    if (raw === undefined) {
      this.bootJob = this.scheduler.after(this.ms(this.config.bootRetryS), () => void this.boot());
      return;
    }
    const answer = this.protocol.parseBootAnswer(raw);
    if (answer.status !== 'Accepted') {
      // B02/B03, 1.6 §4.2: retry after the interval the CSMS gave.
      const retryInMs = this.ms(answer.intervalS > 0 ? answer.intervalS : this.config.bootRetryS);
      this.emit('bootRefused', { status: answer.status, retryInMs });
      this.bootJob = this.scheduler.after(retryInMs, () => void this.boot());
      return;
    }
    this.model.bootAccepted = true;
    if (answer.intervalS > 0) this.settings.setInternal('heartbeatInterval', String(answer.intervalS));
    const reason = this.bootReason;
    this.logRing.add(`boot accepted (${reason}) heartbeat ${this.settings.get('heartbeatInterval')} s`);
    this.online(true);
    this.emit('booted', { reason, firmwareVersion: this.model.firmwareVersion });
  }

  private triggeredBoot(): void {
    if (this.model.bootAccepted) {
      void this.messenger.send(this.protocol.boot(this.config, this.model.firmwareVersion, 'Triggered'));
      return;
    }
    this.bootReason = 'Triggered';
    void this.boot();
  }

  private online(afterBoot: boolean): void {
    this.startHeartbeat();
    if (afterBoot) {
      // After a boot every connector's status first (1.6 §4.9, 2.x B01), then what was queued.
      this.messenger.resetReported();
      this.messenger.reportAllStatuses(true);
      this.faults.reportActive();
      this.firmware.afterBoot();
      void this.messenger.flush();
    } else {
      // After a reconnect the queued transaction messages first, then the statuses reached offline,
      // so the CSMS never sees a connector free while its transaction is still open.
      void this.messenger.flush().then(() => this.messenger.reportAllStatuses());
    }
    if (this.model.sessions().length > 0) this.sessions.ensureSampler();
  }

  private settingChanged(name: string): void {
    if (name === 'heartbeatInterval' && this.heartbeatJob) this.startHeartbeat();
    if (name === 'meterValueSampleInterval' && this.model.sessions().length > 0) {
      this.sessions.stopSampler();
      this.sessions.ensureSampler();
    }
  }

  private startHeartbeat(): void {
    this.heartbeatJob?.cancel();
    this.heartbeatJob = this.scheduler.every(() => this.ms(this.settings.int('heartbeatInterval')), () => this.heartbeatNow());
  }

  private heartbeatNow(): void {
    void this.messenger.send(this.protocol.heartbeat());
  }

  private stopTimers(): void {
    this.heartbeatJob?.cancel();
    this.heartbeatJob = undefined;
    this.bootJob?.cancel();
    this.bootJob = undefined;
  }
}
