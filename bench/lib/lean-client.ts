import WebSocket from 'ws';
import { answerCall } from './frames.ts';

// A charger reduced to its socket: `ws` and JSON frames, one CALL in flight at a time (OCPP-J §4.1.1),
// no validation, no timers. Thousands fit in one load process where the full simulator would be the
// bottleneck, so the figures are the gateway's.

export interface LeanClientOptions {
  url: string;
  id: string;
  protocol?: string;
  /** spread sockets over 127.0.0.x source addresses so a run never exhausts one address's ports */
  localAddress?: string;
  openTimeoutMs?: number;
}

type Pending = { resolve: (payload: unknown) => void; reject: (err: Error) => void };

export class CallError extends Error {
  override name = 'CallError';
}

export class LeanClient {
  private ws: WebSocket | undefined;
  private seq = 0;
  private pending: Pending | undefined;
  private pendingId = '';
  closedByPeer = false;
  /** the payload of the last CALLRESULT (a BootNotification's status, say) */
  lastResult: unknown;

  constructor(private readonly o: LeanClientOptions) {}

  open(): Promise<void> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${this.o.url}/${encodeURIComponent(this.o.id)}`, [this.o.protocol ?? 'ocpp1.6'], {
        perMessageDeflate: false,
        handshakeTimeout: this.o.openTimeoutMs ?? 60_000,
        ...(this.o.localAddress ? { localAddress: this.o.localAddress } : {}),
      });
      this.ws = ws;
      ws.once('open', () => {
        ws.off('error', reject);
        ws.on('error', () => undefined);
        resolve();
      });
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode} at the upgrade`)));
      ws.on('message', (data: Buffer) => this.onFrame(data));
      ws.once('close', () => {
        this.closedByPeer = true;
        this.pending?.reject(new Error('socket closed'));
        this.pending = undefined;
      });
    });
  }

  /** Sends a CALL and resolves with the round-trip time in milliseconds. */
  call(action: string, payload: unknown): Promise<number> {
    return this.callFrame(action, JSON.stringify(payload));
  }

  /** Like call(), with the payload already serialised (the hot loop of a load run). */
  callFrame(action: string, payloadJson: string): Promise<number> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not open'));
    if (this.pending) return Promise.reject(new Error('a CALL is already in flight'));
    const id = (++this.seq).toString(36);
    this.pendingId = id;
    return new Promise<number>((resolve, reject) => {
      const t0 = performance.now();
      this.pending = { resolve: () => resolve(performance.now() - t0), reject };
      ws.send(`[2,"${id}","${action}",${payloadJson}]`);
    });
  }

  /** Calls `fn` once the socket is closed (at once if it already is). */
  onClosed(fn: () => void): void {
    if (!this.ws || this.ws.readyState === WebSocket.CLOSED) fn();
    else this.ws.once('close', fn);
  }

  close(): void {
    this.ws?.close(1000);
  }

  terminate(): void {
    this.ws?.terminate();
  }

  private onFrame(data: Buffer): void {
    let msg: unknown[];
    try {
      msg = JSON.parse(data.toString()) as unknown[];
    } catch {
      return;
    }
    const type = msg[0];
    if (type === 3 || type === 4) {
      if (msg[1] !== this.pendingId || !this.pending) return;
      const p = this.pending;
      this.pending = undefined;
      if (type === 3) {
        this.lastResult = msg[2];
        p.resolve(msg[2]);
      }
      else p.reject(new CallError(`${String(msg[2])}: ${String(msg[3])}`));
    } else if (type === 2) {
      const answer = answerCall(String(msg[2]));
      this.ws?.send(answer ? JSON.stringify([3, msg[1], answer]) : JSON.stringify([4, msg[1], 'NotSupported', '', {}]));
    }
  }
}
