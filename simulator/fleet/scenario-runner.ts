import { ERROR_CODES_16, faultCatalogue, type ClearsBy, type ErrorCode16 } from '../faults/fault-catalogue.ts';
import type { FaultKind, FaultSpecInput } from '../faults/fault-spec.ts';
import { Random } from '../random.ts';
import type { ScheduledJob, Scheduler } from '../scheduler.ts';
import type { VirtualCharger } from '../virtual-charger.ts';
import type { Scenario } from './scenario.ts';

// Plays a scenario on a fleet: fault arrivals and session starts as fleet-wide Poisson processes (one
// scheduler entry per process, not per charger), and connection storms at fixed times.

const COMPONENTS = Object.keys(faultCatalogue.eventComponents);
const SECURITY_TYPES = Object.keys(faultCatalogue.securityEvents);
const MREC_BY_CODE = new Map(Object.entries(faultCatalogue.mrec).map(([cx, m]) => [m.errorCode, cx]));

export class ScenarioRunner {
  private jobs: ScheduledJob[] = [];
  private readonly random = new Random(0x5eed);

  constructor(
    private readonly scenario: Scenario,
    private readonly chargers: VirtualCharger[],
    private readonly scheduler: Scheduler,
  ) {}

  start(): void {
    for (const [kind, perHour] of Object.entries(this.scenario.faultsPerHour) as Array<[FaultKind, number]>) {
      if (perHour > 0) this.poisson(perHour, () => this.injectOne(kind));
    }
    const sessionsPerHour = this.scenario.sessions.perChargerPerHour * this.chargers.length;
    if (sessionsPerHour > 0) this.poisson(sessionsPerHour, () => this.startOneSession());
    for (const storm of this.scenario.storms) {
      this.jobs.push(this.scheduler.after(storm.atS * 1000, () => {
        for (const c of this.chargers) c.dropConnection(storm.downS === undefined ? undefined : storm.downS * 1000);
      }));
    }
  }

  stop(): void {
    for (const j of this.jobs) j.cancel();
    this.jobs = [];
  }

  private poisson(perHour: number, fire: () => void): void {
    const meanMs = 3_600_000 / perHour;
    const next = () => {
      const job = this.scheduler.after(-Math.log(1 - this.random.next()) * meanMs, () => {
        fire();
        next();
      });
      this.jobs.push(job);
      if (this.jobs.length > 1000) this.jobs = this.jobs.slice(-100);
    };
    next();
  }

  private pickBooted(): VirtualCharger | undefined {
    for (let tries = 0; tries < 20; tries++) {
      const c = this.random.pick(this.chargers);
      if (c.model.bootAccepted && !c.model.dead) return c;
    }
    return undefined;
  }

  private startOneSession(): void {
    const c = this.pickBooted();
    if (!c) return;
    const connectorId = this.random.int(1, c.model.connectors.length);
    if (!c.startSession(connectorId, `TAG${this.random.int(1000, 9999)}`)) return;
    const [lo, hi] = this.scenario.sessions.durationS;
    this.scheduler.after(this.random.between(lo, hi) * 1000, () => c.stopSession(connectorId, this.random.next() < 0.7 ? 'Local' : 'EVDisconnected'));
  }

  private injectOne(kind: FaultKind): void {
    const c = this.pickBooted();
    if (!c) return;
    const clearsBy = this.weighted(this.scenario.clearsBy) as ClearsBy;
    const [lo, hi] = this.scenario.selfClearS;
    const common = {
      clearsBy,
      ...(clearsBy === 'self' ? { clearAfterMs: Math.round(this.random.between(lo, hi) * 1000) } : {}),
      connectorId: this.random.int(kind === 'stuck-connector' ? 1 : 0, c.model.connectors.length),
    };
    let spec: FaultSpecInput;
    switch (kind) {
      case 'status-error': {
        const errorCode = (this.scenario.statusErrorCodes ? this.weighted(this.scenario.statusErrorCodes) : this.random.pick(ERROR_CODES_16)) as ErrorCode16;
        const cx = MREC_BY_CODE.get(errorCode);
        const mrec = cx && this.random.next() < this.scenario.mrecShare;
        spec = { kind, errorCode, ...common, ...(mrec ? { vendorId: 'org.chargex.mrec', vendorErrorCode: cx } : {}) };
        break;
      }
      case 'event':
        spec = { kind, component: this.random.pick(COMPONENTS), techCode: `E${this.random.int(100, 999)}`, ...common };
        break;
      case 'security':
        spec = { kind, type: this.random.pick(SECURITY_TYPES), ...common };
        break;
      case 'flapping':
        spec = { kind, ...common, upMs: this.random.int(5_000, 30_000), downMs: this.random.int(1_000, 10_000) };
        break;
      case 'stuck-connector':
        spec = { kind, ...common, connectorId: Math.max(1, common.connectorId), clearsBy: clearsBy === 'self' || clearsBy === 'soft-reset' || clearsBy === 'hard-reset' ? clearsBy : this.random.next() < 0.5 ? 'unlock' : 'repair' };
        break;
      default:
        spec = { kind, ...common };
    }
    try {
      c.injectFault(spec);
    } catch {
      // e.g. the charger has no such connector: skip this arrival
    }
  }

  private weighted(weights: Partial<Record<string, number>>): string {
    const entries = Object.entries(weights).filter((e): e is [string, number] => (e[1] ?? 0) > 0);
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.random.next() * total;
    for (const [k, w] of entries) if ((x -= w) <= 0) return k;
    return entries[entries.length - 1]![0];
  }
}
