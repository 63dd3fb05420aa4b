import type { ChargerConfig, EvseConfig } from './config.ts';
import type { ClearsBy, ExpectedSeverity } from './faults/fault-catalogue.ts';
import type { FaultSpec } from './faults/fault-spec.ts';
import { ConnectorMeter } from './meter.ts';
import type { ConnectorRef, ConnectorStatus, SessionView, StatusError } from './protocol/protocol.ts';
import type { Random } from './random.ts';
import type { ScheduledJob } from './scheduler.ts';

// A virtual charger's state, version-neutral, and the one rule that derives each connector's status
// from it (fault > availability > session > stuck cable > available).

export interface Session extends SessionView {
  stopping: boolean;
}

export interface ConnectorState {
  ref: ConnectorRef;
  evse: EvseConfig;
  meter: ConnectorMeter;
  operative: boolean;
  /** ChangeAvailability Inoperative answered Scheduled: applies when the session ends */
  inoperativeWhenIdle: boolean;
  session: Session | undefined;
  /** cable locked in after a session (stuck-connector fault) */
  stuck: boolean;
  /** what was last reported to the CSMS, to send only changes */
  lastReported: string | undefined;
  lastTempReportedC: number;
  /** temperature above a drift fault's threshold is being reported */
  overheated: boolean;
}

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  connector: ConnectorRef;
  severity: ExpectedSeverity;
  clearsBy: ClearsBy;
  injectedAt: Date;
  /** puts the connector (or, for connector 0, every connector in 2.x) in Faulted */
  faulted: boolean;
  /** 1.6 StatusNotification error fields for this fault, if it reports one */
  error: StatusError | undefined;
  /** 2.x NotifyEvent eventId of the problem report, if any */
  eventId: number | undefined;
  jobs: ScheduledJob[];
}

export const STATION: ConnectorRef = Object.freeze({ flatId: 0, evseId: 0, connectorId: 0 });

export class ChargerState {
  readonly connectors: ConnectorState[] = [];
  readonly faults = new Map<string, ActiveFault>();
  firmwareVersion: string;
  bootAccepted = false;
  rebooting = false;
  stationOperative = true;
  stationLastReported: string | undefined;
  dead = false;
  nextEventId = 1;
  nextFaultSeq = 1;

  constructor(readonly config: ChargerConfig, random: Random) {
    this.firmwareVersion = config.firmwareVersion;
    let flatId = 1;
    config.evses.forEach((evse, i) => {
      for (let c = 1; c <= evse.connectors; c++) {
        this.connectors.push({
          ref: Object.freeze({ flatId: flatId++, evseId: i + 1, connectorId: c }),
          evse,
          meter: new ConnectorMeter(evse, random),
          operative: true,
          inoperativeWhenIdle: false,
          session: undefined,
          stuck: false,
          lastReported: undefined,
          lastTempReportedC: 22,
          overheated: false,
        });
      }
    });
  }

  connector(flatId: number): ConnectorState | undefined {
    return this.connectors.find((c) => c.ref.flatId === flatId);
  }

  /** Faults on this connector, or on the whole charger, newest last. */
  faultsOn(flatId: number): ActiveFault[] {
    return [...this.faults.values()].filter((f) => f.connector.flatId === flatId || f.connector.flatId === 0);
  }

  statusOf(flatId: number): ConnectorStatus {
    const own = [...this.faults.values()];
    if (flatId === 0) {
      if (own.some((f) => f.faulted && f.connector.flatId === 0)) return 'Faulted';
      return this.stationOperative ? 'Available' : 'Unavailable';
    }
    const c = this.connector(flatId);
    if (!c) return 'Unavailable';
    // A station-wide fault makes every connector Faulted in 2.x; 1.6 reports it on connector 0 only
    // but the connectors cannot charge either, so they show Unavailable there.
    if (own.some((f) => f.faulted && f.connector.flatId === flatId)) return 'Faulted';
    if (own.some((f) => f.faulted && f.connector.flatId === 0)) return this.config.ocppVersion === '1.6' ? 'Unavailable' : 'Faulted';
    if (c.session) return c.session.stopping ? 'Finishing' : 'Charging';
    if (!c.operative || !this.stationOperative) return 'Unavailable';
    if (c.stuck) return 'Finishing';
    return 'Available';
  }

  /** 1.6: the error reported with the status — the newest fault on exactly this connector that has one. */
  errorOf(flatId: number): StatusError | undefined {
    const c = flatId === 0 ? undefined : this.connector(flatId);
    const list = [...this.faults.values()].filter((f) => f.connector.flatId === flatId && f.error);
    const newest = list[list.length - 1];
    if (newest?.error) return newest.error;
    if (c?.overheated) return { errorCode: 'HighTemperature', info: `${c.meter.temperatureC.toFixed(1)}C` };
    return undefined;
  }

  sessions(): Session[] {
    return this.connectors.flatMap((c) => (c.session ? [c.session] : []));
  }
}
