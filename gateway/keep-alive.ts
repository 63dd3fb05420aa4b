import type { Logger } from 'pino';
import type { WebSocket } from 'ws';

/** sockets are spread over this many slots; one slot is pinged per interval / SLOTS */
const SLOTS = 30;

/**
 * WebSocket pings to every charger, from one timer for the whole gateway: a socket that has not answered
 * its previous ping by the time of the next one is taken for dead (a charger that lost power or network
 * without closing) and terminated, so it is reported disconnected within two intervals.
 *
 * ocpp-rpc does the same per client with an async loop, an event emitter, an abort controller and a timer
 * each — about 1.5 KiB of heap per idle connection (bench/connections.ts). Here a socket costs its place
 * in one slot's map. The slots also spread the pings over the interval instead of sending 19,000 in one
 * go after a reconnect storm.
 */
export class KeepAlive {
  /** socket → its charger's id (for the log) */
  private readonly slots: Map<WebSocket, string>[] = Array.from({ length: SLOTS }, () => new Map());
  /** pinged, no pong yet */
  private readonly awaitingPong = new Set<WebSocket>();
  private next = 0;
  private readonly timer: NodeJS.Timeout | undefined;
  // One listener function for every socket (`this` is the socket): no closure per connection.
  private readonly onPong: (this: WebSocket) => void;
  private readonly onClose: (this: WebSocket) => void;

  constructor(
    intervalMs: number,
    private readonly log: Logger,
  ) {
    const awaitingPong = this.awaitingPong;
    const slots = this.slots;
    this.onPong = function (this: WebSocket) {
      awaitingPong.delete(this);
    };
    this.onClose = function (this: WebSocket) {
      awaitingPong.delete(this);
      for (const slot of slots) if (slot.delete(this)) break;
    };
    if (intervalMs > 0) {
      this.timer = setInterval(() => this.sweep(), Math.max(1, Math.round(intervalMs / SLOTS)));
      this.timer.unref();
    }
  }

  /** Starts pinging a charger's socket: first after about one interval. */
  add(ws: WebSocket, chargerId: string): void {
    if (this.timer === undefined) return;
    // the slot swept last comes round again one full interval from now
    this.slots[(this.next + SLOTS - 1) % SLOTS]!.set(ws, chargerId);
    ws.on('pong', this.onPong);
    // 'on', not 'once': a socket closes once, and 'once' would wrap the shared listener in a closure per socket
    ws.on('close', this.onClose);
  }

  get size(): number {
    return this.slots.reduce((n, s) => n + s.size, 0);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sweep(): void {
    const slot = this.slots[this.next]!;
    this.next = (this.next + 1) % SLOTS;
    for (const [ws, chargerId] of slot) {
      if (this.awaitingPong.has(ws)) {
        this.log.info({ chargerId }, 'no answer to the last WebSocket ping; closing the connection');
        this.drop(ws, slot);
        continue;
      }
      try {
        ws.ping();
        this.awaitingPong.add(ws);
      } catch (err) {
        // not open (closing already): its close event removes it; if it never comes, this does
        this.log.debug({ err, chargerId }, 'could not ping a socket; closing it');
        this.drop(ws, slot);
      }
    }
  }

  private drop(ws: WebSocket, slot: Map<WebSocket, string>): void {
    slot.delete(ws);
    this.awaitingPong.delete(ws);
    ws.terminate();
  }
}
