import WebSocket from 'ws';
import type { OcppSubprotocol } from '../../ocpp/validators.ts';

export interface Attempt {
  /** 'open', the HTTP status of a refused upgrade, or 'tls' when the TLS handshake itself failed */
  outcome: 'open' | number | 'tls';
  message: string;
  ws?: WebSocket;
}

/** One connection attempt as a charger would make it: URL id, optional Basic password, optional client cert. */
export function attempt(
  ocppUrl: string,
  id: string,
  o: { protocol?: OcppSubprotocol; password?: string; user?: string; ca?: string; key?: string; cert?: string } = {},
): Promise<Attempt> {
  const headers: Record<string, string> = {};
  if (o.password !== undefined) headers.authorization = `Basic ${Buffer.from(`${o.user ?? id}:${o.password}`).toString('base64')}`;
  const ws = new WebSocket(`${ocppUrl}/${id}`, [o.protocol ?? 'ocpp2.0.1'], {
    headers,
    ...(o.ca ? { ca: o.ca } : {}),
    ...(o.key && o.cert ? { key: o.key, cert: o.cert } : {}),
    handshakeTimeout: 5_000,
  });
  return new Promise((resolve) => {
    ws.once('open', () => resolve({ outcome: 'open', message: '', ws }));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ outcome: res.statusCode ?? 0, message: body }));
      res.on('error', () => resolve({ outcome: res.statusCode ?? 0, message: body }));
    });
    ws.once('error', (err) => resolve({ outcome: 'tls', message: err.message }));
  });
}

/** Sends a CALL over an open attempt and resolves with the answer frame. */
export function call(ws: WebSocket, id: string, action: string, payload: unknown): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer to ${action}`)), 5_000);
    const onMessage = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as unknown[];
      if (m[1] !== id) return;
      clearTimeout(t);
      ws.off('message', onMessage);
      resolve(m);
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify([2, id, action, payload]));
  });
}

export async function closeAttempt(a: Attempt): Promise<void> {
  if (!a.ws || a.ws.readyState === WebSocket.CLOSED) return;
  const closed = new Promise((r) => a.ws!.once('close', r));
  a.ws.terminate();
  await closed;
}
