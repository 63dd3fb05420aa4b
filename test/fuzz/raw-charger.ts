import WebSocket from 'ws';
import type { OcppSubprotocol } from '../../ocpp/validators.ts';

/** A charger that is only a WebSocket: sends any bytes, and records every frame and the close. */
export interface RawCharger {
  ws: WebSocket;
  /** text frames received, parsed */
  received: unknown[][];
  send(frame: string | Buffer, binary?: boolean): void;
  /** the next frame received after the call (bounded wait) */
  next(timeoutMs?: number): Promise<unknown[]>;
  /** resolves with the close code and reason (bounded wait) */
  closed(timeoutMs?: number): Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function rawCharger(ocppUrl: string, id: string, protocol: OcppSubprotocol): Promise<RawCharger> {
  const ws = new WebSocket(`${ocppUrl}/${encodeURIComponent(id)}`, [protocol]);
  const received: unknown[][] = [];
  const waiting: ((m: unknown[]) => void)[] = [];
  let closeInfo: { code: number; reason: string } | undefined;
  const closeWaiters: ((c: { code: number; reason: string }) => void)[] = [];
  ws.on('message', (data, isBinary) => {
    const m = JSON.parse(isBinary ? '[]' : String(data)) as unknown[];
    received.push(m);
    waiting.shift()?.(m);
  });
  ws.on('close', (code, reason) => {
    closeInfo = { code, reason: reason.toString() };
    for (const w of closeWaiters.splice(0)) w(closeInfo);
  });
  ws.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  const bounded = <T>(what: string, timeoutMs: number, register: (resolve: (v: T) => void) => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${id}: no ${what} within ${timeoutMs} ms`)), timeoutMs);
      register((v) => {
        clearTimeout(t);
        resolve(v);
      });
    });
  return {
    ws,
    received,
    send(frame, binary = false) {
      ws.send(frame, { binary });
    },
    next(timeoutMs = 2_000) {
      return bounded('frame', timeoutMs, (r: (m: unknown[]) => void) => waiting.push(r));
    },
    closed(timeoutMs = 2_000) {
      if (closeInfo) return Promise.resolve(closeInfo);
      return bounded('close', timeoutMs, (r: (c: { code: number; reason: string }) => void) => closeWaiters.push(r));
    },
    async close() {
      if (ws.readyState === WebSocket.CLOSED) return;
      const done = new Promise((r) => ws.once('close', r));
      ws.terminate();
      await done;
    },
  };
}
