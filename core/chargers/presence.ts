import type { ChargerId } from '../domain/charger.ts';

/**
 * Which node holds a charger's socket, told by the gateway that holds it (multi-node: kept in Redis with a
 * TTL that traffic refreshes). In one process there is nothing to tell: `NO_PRESENCE`.
 */
export interface ChargerPresence {
  /** this node now holds the charger's socket */
  claim(chargerId: ChargerId): void;
  /** these chargers, held here, sent something since the last refresh */
  refresh(chargerIds: readonly ChargerId[]): void;
  /** the socket closed: forget the charger unless another node has taken it over meanwhile */
  release(chargerId: ChargerId): void;
  /** another node holds the charger now (it reconnected there): this node must not call it offline */
  heldElsewhere(chargerId: ChargerId): Promise<boolean>;
}

export const NO_PRESENCE: ChargerPresence = { claim() {}, refresh() {}, release() {}, heldElsewhere: async () => false };
