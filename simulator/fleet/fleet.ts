import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { awaitEvent } from '../await-event.ts';
import type { ChargerConfigInput, OcppVersion } from '../config.ts';
import type { FaultSpecInput } from '../faults/fault-spec.ts';
import { GroundTruthLog, type GroundTruthRecord, type GroundTruthSink } from '../faults/ground-truth-log.ts';
import { Scheduler } from '../scheduler.ts';
import { VirtualCharger } from '../virtual-charger.ts';
import { allocate, type Mix } from './mix.ts';
import { parseScenario, type Scenario, type ScenarioInput } from './scenario.ts';
import { ScenarioRunner } from './scenario-runner.ts';

// A fleet of virtual chargers in one process, sharing one scheduler (one timer) and one ground-truth log.

export interface FleetOptions {
  /** CSMS base URL, e.g. ws://127.0.0.1:9000/ocpp */
  url: string;
  /** explicit chargers, or `count` + `mix` generated from the scenario's template */
  chargers?: ChargerConfigInput[];
  count?: number;
  mix?: Mix;
  idPrefix?: string;
  scenario?: ScenarioInput;
  groundTruthPath?: string;
  groundTruth?: GroundTruthSink;
  logger?: Logger;
}

export interface FleetSummary {
  chargers: number;
  connected: number;
  booted: number;
  byVersion: Record<string, number>;
  /** CALLs sent by the chargers and answered */
  messages: number;
  messagesPerSecond: number;
  faultsInjected: number;
  faultsCleared: number;
  commandsReceived: number;
  reconnects: number;
  sessionsStarted: number;
  uptimeS: number;
}

export interface FleetEvents {
  booted: [VirtualCharger];
  fault: [GroundTruthRecord];
}

export class Fleet extends EventEmitter<FleetEvents> {
  readonly chargers: VirtualCharger[] = [];
  readonly scheduler = new Scheduler();
  readonly scenario: Scenario;
  private readonly byId = new Map<string, VirtualCharger>();
  private readonly startedAt = Date.now();
  private readonly runner: ScenarioRunner;
  private faultsInjected = 0;
  private faultsCleared = 0;
  private reconnects = 0;
  private sessionsStarted = 0;
  private lastRate = { at: Date.now(), messages: 0, perSecond: 0 };
  private bootedCount = 0;
  private stopped = false;

  constructor(private readonly options: FleetOptions, private readonly sink: GroundTruthSink | undefined) {
    super();
    this.scenario = parseScenario(options.scenario ?? {});
    const truth: GroundTruthSink = {
      write: (record) => {
        if (record.event === 'injected') this.faultsInjected++;
        else this.faultsCleared++;
        this.sink?.write(record);
        this.emit('fault', record);
      },
      close: async () => this.sink?.close(),
    };
    for (const input of this.configs()) {
      const charger = new VirtualCharger(input, { url: options.url, scheduler: this.scheduler, groundTruth: truth, ...(options.logger ? { logger: options.logger } : {}) });
      if (this.byId.has(charger.id)) throw new Error(`duplicate charger id ${charger.id}`);
      this.byId.set(charger.id, charger);
      this.chargers.push(charger);
      charger.on('booted', () => {
        this.bootedCount++;
        this.emit('booted', charger);
      });
      charger.on('reconnecting', () => this.reconnects++);
      charger.on('sessionStarted', () => this.sessionsStarted++);
    }
    this.runner = new ScenarioRunner(this.scenario, this.chargers, this.scheduler);
  }

  /** Powers the chargers on (spread over the scenario's ramp-up) and starts the scenario. */
  start(): void {
    const rampMs = this.scenario.rampUpS * 1000;
    this.chargers.forEach((c, i) => {
      const at = this.chargers.length > 1 ? (rampMs * i) / (this.chargers.length - 1) : 0;
      if (at === 0) c.start();
      else this.scheduler.after(at, () => !this.stopped && c.start());
    });
    this.runner.start();
  }

  /** accepted boots so far, over all chargers and reboots */
  get bootsSeen(): number {
    return this.bootedCount;
  }

  charger(id: string): VirtualCharger {
    const c = this.byId.get(id);
    if (!c) throw new Error(`no charger ${id} in this fleet`);
    return c;
  }

  injectFault(chargerId: string, spec: FaultSpecInput): string {
    return this.charger(chargerId).injectFault(spec);
  }

  /** Resolves once `count` chargers (default: all) have booted at least once. */
  async awaitBooted(count = this.chargers.length, timeoutMs = 60_000): Promise<void> {
    if (this.bootedCount >= count) return;
    await awaitEvent(this, 'booted', () => this.bootedCount >= count, timeoutMs);
  }

  summary(): FleetSummary {
    let connected = 0;
    let booted = 0;
    let messages = 0;
    let commandsReceived = 0;
    const byVersion: Record<string, number> = {};
    for (const c of this.chargers) {
      if (c.connection.isOpen) connected++;
      if (c.model.bootAccepted) booted++;
      messages += c.messenger.sent;
      commandsReceived += c.commandsReceived;
      byVersion[c.config.ocppVersion] = (byVersion[c.config.ocppVersion] ?? 0) + 1;
    }
    const now = Date.now();
    if (now - this.lastRate.at >= 1000) {
      this.lastRate = { at: now, messages, perSecond: Math.round(((messages - this.lastRate.messages) * 1000) / (now - this.lastRate.at)) };
    }
    return {
      chargers: this.chargers.length, connected, booted, byVersion, messages,
      messagesPerSecond: this.lastRate.perSecond,
      faultsInjected: this.faultsInjected, faultsCleared: this.faultsCleared, commandsReceived,
      reconnects: this.reconnects, sessionsStarted: this.sessionsStarted,
      uptimeS: Math.round((now - this.startedAt) / 1000),
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.runner.stop();
    // Close in batches so thousands of sockets do not all flush at once.
    for (let i = 0; i < this.chargers.length; i += 500) await Promise.all(this.chargers.slice(i, i + 500).map((c) => c.stop()));
    this.scheduler.stop();
    await this.sink?.close();
  }

  private configs(): ChargerConfigInput[] {
    const { options, scenario } = this;
    const base = { ...scenario.template, timeScale: scenario.timeScale };
    if (options.chargers) return options.chargers.map((c) => ({ ...base, ...c }));
    const count = options.count ?? 1;
    const prefix = options.idPrefix ?? 'SIM';
    const width = String(count).length;
    const out: ChargerConfigInput[] = [];
    let n = 0;
    for (const [version, k] of allocate(count, options.mix ?? { '1.6': 1 })) {
      for (let i = 0; i < k; i++) out.push({ ...base, id: `${prefix}${(version as OcppVersion).replace(/\./g, '')}-${String(++n).padStart(width, '0')}`, ocppVersion: version });
    }
    return out;
  }
}

/** Builds and starts a fleet (the programmatic API used by end-to-end tests and the demo). */
export function startFleet(options: FleetOptions): Fleet {
  const sink = options.groundTruth ?? (options.groundTruthPath ? new GroundTruthLog(options.groundTruthPath) : undefined);
  const fleet = new Fleet(options, sink);
  fleet.start();
  return fleet;
}
