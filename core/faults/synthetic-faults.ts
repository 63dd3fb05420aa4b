import type { ConnectorStatus } from '../domain/charger.ts';
import type { EventBus } from '../event-bus.ts';
import { derivedEventId } from '../event-ids.ts';

const WHOLE = { evseId: 0, connectorId: 0 };
// transitional states a connector should leave on its own (1.6 names; 2.x has only Occupied)
const TRANSITIONAL: ReadonlySet<ConnectorStatus> = new Set(['Preparing', 'Finishing', 'SuspendedEVSE']);

export interface SyntheticFaultOptions {
  flappingConnects: number;
  flappingWindowS: number;
  stuckAfterS: number;
}

/**
 * Faults the platform raises itself: offline (silent or gone beyond the heartbeat grace), flapping
 * (too many reconnects in a window) and a connector stuck in a transitional state.
 */
export class SyntheticFaults {
  private readonly connects = new Map<string, number[]>();
  private readonly flapping = new Set<string>();
  private readonly transitional = new Map<string, { chargerId: string; evseId: number; connectorId: number; sinceMs: number; reported: boolean }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly opts: SyntheticFaultOptions,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    // Ids derived from the cause: a redelivered cause (multi-node) yields an event its handlers skip.
    this.bus.on('charger.offline', (e) =>
      this.bus.publish({ type: 'fault.reported', chargerId: e.chargerId, at: e.at, connector: WHOLE, fault: { source: 'synthetic', code: 'Offline', info: `last seen ${e.lastSeenAt.toISOString()}` } }, { id: derivedEventId(e.id, 'offline') }),
    );
    this.bus.on('charger.online', (e) => this.bus.publish({ type: 'fault.cleared', chargerId: e.chargerId, at: e.at, connector: WHOLE, fault: { source: 'synthetic', code: 'Offline' } }, { id: derivedEventId(e.id, 'online') }));
    this.bus.on('charger.connected', (e) => this.onConnect(e.chargerId, e.at.getTime(), e.id));
    this.bus.on('connector.status', (e) => {
      const key = `${e.chargerId}/${e.connector.evseId}/${e.connector.connectorId}`;
      const before = this.transitional.get(key);
      if (before?.reported) {
        this.bus.publish({ type: 'fault.cleared', chargerId: e.chargerId, at: e.at, connector: e.connector, fault: { source: 'synthetic', code: 'StuckConnector' } }, { id: derivedEventId(e.id, 'unstuck') });
      }
      if (TRANSITIONAL.has(e.status)) this.transitional.set(key, { chargerId: e.chargerId, ...e.connector, sinceMs: e.at.getTime(), reported: false });
      else this.transitional.delete(key);
    });
    this.timer = setInterval(() => this.sweep(), 1_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  sweep(): void {
    const t = this.now();
    for (const s of this.transitional.values()) {
      if (s.reported || t - s.sinceMs < this.opts.stuckAfterS * 1000) continue;
      s.reported = true;
      this.bus.publish({
        type: 'fault.reported',
        chargerId: s.chargerId,
        at: new Date(t),
        connector: { evseId: s.evseId, connectorId: s.connectorId },
        fault: { source: 'synthetic', code: 'StuckConnector', info: `in the same transitional state since ${new Date(s.sinceMs).toISOString()}` },
      });
    }
    const windowMs = this.opts.flappingWindowS * 1000;
    for (const chargerId of this.flapping) {
      const last = this.connects.get(chargerId)?.at(-1) ?? 0;
      if (t - last >= windowMs) {
        this.flapping.delete(chargerId);
        this.bus.publish({ type: 'fault.cleared', chargerId, at: new Date(t), connector: WHOLE, fault: { source: 'synthetic', code: 'Flapping' } });
      }
    }
  }

  private onConnect(chargerId: string, atMs: number, causeId: string): void {
    const windowMs = this.opts.flappingWindowS * 1000;
    const times = (this.connects.get(chargerId) ?? []).filter((x) => atMs - x < windowMs);
    // a redelivered connection event is not another connection
    if (!times.includes(atMs)) times.push(atMs);
    this.connects.set(chargerId, times);
    if (times.length >= this.opts.flappingConnects && !this.flapping.has(chargerId)) {
      this.flapping.add(chargerId);
      this.bus.publish({
        type: 'fault.reported',
        chargerId,
        at: new Date(atMs),
        connector: WHOLE,
        fault: { source: 'synthetic', code: 'Flapping', info: `${times.length} connections within ${this.opts.flappingWindowS} s` },
      }, { id: derivedEventId(causeId, 'flapping') });
    }
  }
}
