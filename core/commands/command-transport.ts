import type { ChargerId } from '../domain/charger.ts';
import type { ChargerCommand, CommandOutcome } from '../domain/commands.ts';

/**
 * How core reaches a charger. The gateway implements it for the sockets it holds; in multi-node mode a
 * Redis-routed implementation forwards to the node that holds the charger's socket (hence async).
 */
export interface CommandTransport {
  isConnected(chargerId: ChargerId): Promise<boolean>;
  /** Sends one CALL and resolves with the charger's answer; never rejects for charger-side outcomes. */
  send(chargerId: ChargerId, command: ChargerCommand, ctx: { requestId: number; uploadUrl?: string | undefined }): Promise<CommandOutcome>;
}
