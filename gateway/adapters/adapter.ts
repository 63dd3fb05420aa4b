import type { Logger } from 'pino';
import type { ChargerInbox } from '../../core/chargers/charger-inbox.ts';
import type { ChargerId, OcppVersion } from '../../core/domain/charger.ts';

export interface AdapterContext {
  chargerId: ChargerId;
  ocppVersion: OcppVersion;
  inbox: ChargerInbox;
  log: Logger;
  now: () => Date;
}

/**
 * CALL handlers of one connection, by action. Params arrive validated against the version's official
 * schema (ocpp-rpc strict mode), so handlers may read them through the message interfaces.
 */
export type CallHandlers = Record<string, (params: never) => unknown>;
