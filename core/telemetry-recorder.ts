import type { TelemetryStore } from '../telemetry/types.ts';
import type { EventBus } from './event-bus.ts';

/** Connection events go to telemetry as they happen (status points are written by the status tracker). */
export function recordConnectionTelemetry(bus: EventBus, telemetry: TelemetryStore): () => void {
  const offs = [
    bus.on('charger.connected', (e) => telemetry.write([{ kind: 'connection', ts: e.at, chargerId: e.chargerId, event: 'connected', reason: undefined }])),
    bus.on('charger.disconnected', (e) =>
      telemetry.write([{ kind: 'connection', ts: e.at, chargerId: e.chargerId, event: 'disconnected', reason: e.reason ?? (e.code !== undefined ? `code ${e.code}` : undefined) }]),
    ),
  ];
  return () => offs.forEach((off) => off());
}
