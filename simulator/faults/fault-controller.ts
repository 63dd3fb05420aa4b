import type { ChargerContext } from '../charger-context.ts';
import { STATION, type ActiveFault, type ConnectorState } from '../charger-state.ts';
import type { DeviceEvent } from '../protocol/protocol.ts';
import type { SessionController } from '../sessions.ts';
import { faultCatalogue, remoteActionFor, type ClearsBy } from './fault-catalogue.ts';
import { faultSpecSchema, type FaultSpec, type FaultSpecInput } from './fault-spec.ts';
import type { GroundTruthRecord } from './ground-truth-log.ts';

// Fault injection and clearing. Each fault is reported the way its version reports it (1.6:
// StatusNotification errorCode/vendorErrorCode/info; 2.x: NotifyEvent Problem + StatusNotification
// Faulted), cleared the same way, and written to the ground-truth log at both ends.

const SELF_CLEAR_DEFAULT_MS = 60_000;
const TEMP_DELTA_REPORT_C = 5;
const TEMP_HYSTERESIS_C = 5;

export class FaultController {
  constructor(
    private readonly ctx: ChargerContext,
    private readonly sessions: SessionController,
  ) {
    sessions.onTick = () => this.onTick();
  }

  inject(input: FaultSpecInput): string {
    const spec = faultSpecSchema.parse(input);
    const { model: state, config } = this.ctx;
    const c = spec.connectorId === 0 ? undefined : state.connector(spec.connectorId);
    if (spec.connectorId !== 0 && !c) throw new Error(`charger ${config.id} has no connector ${spec.connectorId}`);
    const defaults = this.defaults(spec);
    const id = spec.id ?? `${config.id}-f${state.nextFaultSeq++}`;
    if (state.faults.has(id)) throw new Error(`fault ${id} is already active`);
    const fault: ActiveFault = {
      id, spec, connector: c?.ref ?? STATION,
      severity: spec.expectedSeverity ?? defaults.severity,
      clearsBy: spec.clearsBy ?? defaults.clearsBy,
      injectedAt: new Date(),
      faulted: defaults.faulted,
      error: undefined,
      eventId: undefined,
      jobs: [],
    };
    state.faults.set(id, fault);
    this.raise(fault, c);
    const clearAfterMs = spec.clearAfterMs ?? (fault.clearsBy === 'self' ? SELF_CLEAR_DEFAULT_MS : undefined);
    if (clearAfterMs !== undefined) fault.jobs.push(this.ctx.scheduler.after(clearAfterMs, () => this.clear(id, 'self')));
    this.ctx.logRing.add(`fault ${spec.kind} ${id} connector=${spec.connectorId}`);
    this.record(fault, 'injected');
    return id;
  }

  /** Clears a fault (a repair visit when called from outside). Returns false if it was not active. */
  clear(id: string, clearedBy: ClearsBy = 'repair'): boolean {
    const { model: state, messenger } = this.ctx;
    const fault = state.faults.get(id);
    if (!fault) return false;
    state.faults.delete(id);
    for (const job of fault.jobs) job.cancel();
    const c = fault.connector.flatId === 0 ? undefined : state.connector(fault.connector.flatId);
    const { spec } = fault;
    switch (spec.kind) {
      case 'status-error':
      case 'event':
        if (fault.eventId !== undefined) this.sendEvent(this.problemEvent(fault, false));
        break;
      case 'temperature-drift':
        for (const tc of this.targets(c)) {
          tc.meter.driftC = 0;
          tc.meter.temperatureC = 22;
          this.coolDown(tc, fault);
        }
        break;
      case 'stuck-connector':
        if (c) c.stuck = false;
        break;
      case 'dead':
        state.dead = false;
        messenger.flush();
        break;
      case 'flapping':
      case 'security':
        break;
    }
    if (fault.faulted || spec.kind === 'status-error' || spec.kind === 'event' || spec.kind === 'stuck-connector' || spec.kind === 'dead') {
      if (c) messenger.reportStatus(c);
      else messenger.reportAllStatuses();
    }
    this.ctx.logRing.add(`fault cleared ${id} by ${clearedBy}`);
    this.record(fault, 'cleared', clearedBy);
    return true;
  }

  /** A reboot clears what a reboot of that kind clears (a hard reset also clears soft-reset faults). */
  onReboot(kind: 'soft' | 'hard'): void {
    for (const fault of [...this.ctx.model.faults.values()]) {
      if (fault.clearsBy === 'soft-reset' || (kind === 'hard' && fault.clearsBy === 'hard-reset')) {
        this.clear(fault.id, kind === 'hard' ? 'hard-reset' : 'soft-reset');
      }
    }
  }

  /** UnlockConnector: frees a stuck cable / lock fault that an unlock clears; false if the lock stays stuck. */
  onUnlock(c: ConnectorState): boolean {
    let stuck = false;
    for (const fault of [...this.ctx.model.faults.values()]) {
      if (fault.connector.flatId !== c.ref.flatId) continue;
      const lockFault = fault.spec.kind === 'stuck-connector' || (fault.spec.kind === 'status-error' && fault.spec.errorCode === 'ConnectorLockFailure');
      if (!lockFault) continue;
      if (fault.clearsBy === 'unlock') this.clear(fault.id, 'unlock');
      else stuck = true;
    }
    return !stuck;
  }

  /** After a boot: faults that survive reboots are reported again (2.x events; 1.6 rides on the statuses). */
  reportActive(): void {
    for (const fault of this.ctx.model.faults.values()) {
      if (fault.eventId !== undefined) {
        fault.eventId = this.ctx.model.nextEventId++;
        this.sendEvent(this.problemEvent(fault, true));
      }
    }
  }

  private raise(fault: ActiveFault, c: ConnectorState | undefined): void {
    const { spec } = fault;
    const { messenger, connection, protocol, config, model: state } = this.ctx;
    const v16 = protocol.version === '1.6';
    switch (spec.kind) {
      case 'status-error':
        fault.error = { errorCode: spec.errorCode, vendorId: spec.vendorId, vendorErrorCode: spec.vendorErrorCode, info: spec.info };
        if (!v16) fault.eventId = state.nextEventId++;
        break;
      case 'event':
        if (v16) fault.error = { errorCode: 'OtherError', vendorId: config.dataTransferVendorId, vendorErrorCode: spec.techCode ?? spec.component, info: spec.techInfo?.slice(0, 50) };
        else fault.eventId = state.nextEventId++;
        break;
      case 'security':
        messenger.sendWhenOnline(protocol.securityEvent(spec.type, spec.techInfo, new Date()));
        return;
      case 'temperature-drift':
        this.sessions.ensureSampler();
        return;
      case 'flapping': {
        const flap = () => {
          connection.dropFor(spec.downMs);
          fault.jobs.push(this.ctx.scheduler.after(spec.upMs + spec.downMs, flap));
        };
        fault.jobs.push(this.ctx.scheduler.after(spec.upMs, flap));
        return;
      }
      case 'stuck-connector':
        if (c) c.stuck = true;
        break;
      case 'dead':
        state.dead = true;
        return;
    }
    if (fault.eventId !== undefined) this.sendEvent(this.problemEvent(fault, true));
    if (c) messenger.reportStatus(c);
    else messenger.reportAllStatuses();
  }

  private problemEvent(fault: ActiveFault, active: boolean): DeviceEvent {
    const { spec, connector } = fault;
    const evse = connector.flatId === 0 ? undefined : { id: connector.evseId, connectorId: connector.connectorId };
    const base = spec.kind === 'event'
      ? { component: spec.component, variable: spec.variable, techCode: spec.techCode, techInfo: spec.techInfo }
      : spec.kind === 'status-error'
        ? { component: faultCatalogue.statusErrors[spec.errorCode]!.component, variable: 'Problem', techCode: spec.vendorErrorCode ?? spec.errorCode, techInfo: spec.info }
        : { component: 'ChargingStation', variable: 'Problem', techCode: spec.kind, techInfo: undefined };
    if (active) return { eventId: fault.eventId!, trigger: 'Alerting', evse, actualValue: 'true', ...base };
    return { eventId: this.ctx.model.nextEventId++, cause: fault.eventId, trigger: 'Alerting', evse, actualValue: 'false', cleared: true, ...base };
  }

  private sendEvent(event: DeviceEvent): void {
    const out = this.ctx.protocol.events([event], new Date());
    if (out) this.ctx.messenger.sendWhenOnline(out);
  }

  /** Temperature drift: heat up, report crossings (and 2.x Delta readings), derate via HighTemperature. */
  private onTick(): void {
    const { model: state, protocol } = this.ctx;
    const v16 = protocol.version === '1.6';
    for (const fault of state.faults.values()) {
      if (fault.spec.kind !== 'temperature-drift') continue;
      const c = fault.connector.flatId === 0 ? undefined : state.connector(fault.connector.flatId);
      const stepS = (this.ctx.settings.int('meterValueSampleInterval') || 60);
      for (const tc of this.targets(c)) {
        tc.meter.driftC += (fault.spec.ratePerMinC * stepS) / 60;
        tc.meter.advance(0.001, !!tc.session);
        const t = tc.meter.temperatureC;
        if (!tc.overheated && t > fault.spec.thresholdC) {
          tc.overheated = true;
          if (v16) this.ctx.messenger.reportStatus(tc);
          else this.sendEvent(this.overheatEvent(tc, fault, true));
        }
      }
    }
    for (const tc of state.connectors) {
      if (tc.overheated && tc.meter.driftC === 0) this.coolDown(tc, undefined);
      // 2.x has no Temperature measurand: a hard-wired Delta monitor on TemperatureSensor reports it instead.
      const t = tc.meter.temperatureC;
      if (!v16 && Math.abs(t - tc.lastTempReportedC) >= TEMP_DELTA_REPORT_C) {
        tc.lastTempReportedC = t;
        this.sendEvent({ eventId: state.nextEventId++, trigger: 'Delta', component: 'TemperatureSensor', variable: 'Temperature', evse: { id: tc.ref.evseId }, actualValue: t.toFixed(1) });
      }
    }
  }

  private coolDown(tc: ConnectorState, fault: ActiveFault | undefined): void {
    const threshold = fault?.spec.kind === 'temperature-drift' ? fault.spec.thresholdC : 85;
    if (!tc.overheated || tc.meter.temperatureC > threshold - TEMP_HYSTERESIS_C) return;
    tc.overheated = false;
    if (this.ctx.protocol.version === '1.6') this.ctx.messenger.reportStatus(tc);
    else this.sendEvent(this.overheatEvent(tc, undefined, false));
  }

  private overheatEvent(tc: ConnectorState, _fault: ActiveFault | undefined, active: boolean): DeviceEvent {
    return {
      eventId: this.ctx.model.nextEventId++, trigger: 'Alerting', component: 'TemperatureSensor', variable: 'Problem',
      evse: { id: tc.ref.evseId, connectorId: tc.ref.connectorId }, actualValue: String(active), techCode: 'HighTemperature',
      techInfo: `${tc.meter.temperatureC.toFixed(1)} C`, ...(active ? {} : { cleared: true }),
    };
  }

  private targets(c: ConnectorState | undefined): ConnectorState[] {
    return c ? [c] : this.ctx.model.connectors;
  }

  private defaults(spec: FaultSpec): { severity: GroundTruthRecord['expectedSeverity']; clearsBy: ClearsBy; faulted: boolean } {
    const k = faultCatalogue.kinds;
    switch (spec.kind) {
      case 'status-error': {
        const e = faultCatalogue.statusErrors[spec.errorCode]!;
        return { severity: e.severity, clearsBy: e.typicalClearsBy, faulted: spec.faulted ?? e.faulted };
      }
      case 'event':
        return { severity: faultCatalogue.eventComponents[spec.component] ?? k.event!.severity, clearsBy: k.event!.typicalClearsBy, faulted: spec.faulted };
      case 'security':
        return { severity: faultCatalogue.securityEvents[spec.type] ?? k.security!.severity, clearsBy: k.security!.typicalClearsBy, faulted: false };
      default:
        return { severity: k[spec.kind]!.severity, clearsBy: k[spec.kind]!.typicalClearsBy, faulted: false };
    }
  }

  private record(fault: ActiveFault, event: 'injected' | 'cleared', clearedBy?: ClearsBy): void {
    const { id: _id, kind, clearsBy: _c, clearAfterMs: _a, expectedSeverity: _s, ...detail } = fault.spec;
    const record: GroundTruthRecord = {
      ts: new Date().toISOString(),
      chargerId: this.ctx.config.id,
      ocppVersion: this.ctx.config.ocppVersion,
      faultId: fault.id,
      kind,
      detail: { ...detail, evseId: fault.connector.evseId, evseConnectorId: fault.connector.connectorId },
      expectedSeverity: fault.severity,
      clearsBy: fault.clearsBy,
      clearableBy: remoteActionFor(fault.clearsBy),
      event,
      ...(clearedBy ? { clearedBy } : {}),
    };
    this.ctx.groundTruth?.write(record);
    this.ctx.events.emit('fault', record);
  }
}
