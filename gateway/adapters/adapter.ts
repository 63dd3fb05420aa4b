import type { Logger } from 'pino';
import type { ChargerInbox } from '../../core/chargers/charger-inbox.ts';
import type { ChargerId, OcppVersion } from '../../core/domain/charger.ts';

/** What an action handler knows of its connection: one small object per connection, nothing else. */
export interface AdapterContext {
  chargerId: ChargerId;
  ocppVersion: OcppVersion;
  inbox: ChargerInbox;
  log: Logger;
  now: () => Date;
  /** 2.x: the EVSE of each open transaction, from its first TransactionEvent (later ones may omit it) */
  txEvse?: Map<string, { evseId: number; connectorId: number }>;
}

/**
 * A CALL handler: the connection's context and the params, already validated against the version's
 * official schema, so handlers may read them through the message interfaces. Returns the response payload,
 * or a promise of it when the answer needs the database.
 */
export type ActionHandler = (ctx: AdapterContext, params: never) => unknown;

/** The actions a version adapter serves, by action name; one table per version for the whole process. */
export type ActionTable = Readonly<Record<string, ActionHandler>>;
