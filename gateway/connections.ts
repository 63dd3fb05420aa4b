import type { RPCClient } from 'ocpp-rpc';
import type { ChargerId, OcppVersion } from '../core/domain/charger.ts';

export interface LiveConnection {
  chargerId: ChargerId;
  connectionId: string;
  ocppVersion: OcppVersion;
  client: RPCClient;
  connectedAt: Date;
}

/** The sockets this gateway node holds, one per charger: a newer connection replaces an older one. */
export class ConnectionTable {
  private readonly byCharger = new Map<ChargerId, LiveConnection>();

  /** Registers `conn` and returns the connection it replaces, if any. */
  put(conn: LiveConnection): LiveConnection | undefined {
    const old = this.byCharger.get(conn.chargerId);
    this.byCharger.set(conn.chargerId, conn);
    return old;
  }

  /** Removes `conn` only if it is still the current one. */
  remove(conn: LiveConnection): boolean {
    if (this.byCharger.get(conn.chargerId) !== conn) return false;
    this.byCharger.delete(conn.chargerId);
    return true;
  }

  get(chargerId: ChargerId): LiveConnection | undefined {
    return this.byCharger.get(chargerId);
  }

  get size(): number {
    return this.byCharger.size;
  }

  all(): IterableIterator<LiveConnection> {
    return this.byCharger.values();
  }
}
