import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Database } from '../core/db/database.ts';
import type { OcppGateway } from '../gateway/ocpp-gateway.ts';
import type { TelemetryStore } from '../telemetry/types.ts';

// A minimal HTTP surface until the API (fastify, issue 5) takes over this port: liveness and readiness.

export interface StatusServer {
  url: string;
  close(): Promise<void>;
}

export async function startStatusServer(o: { host: string; port: number; db: Database; telemetry: TelemetryStore; gateway: OcppGateway }): Promise<StatusServer> {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/healthz') return send(200, { status: 'ok', connectedChargers: o.gateway.connections.size });
    if (req.url === '/readyz') {
      void Promise.all([
        o.db.sql.query('SELECT 1').then(() => true, () => false),
        o.telemetry.ping(),
      ]).then(([database, telemetry]) => send(database && telemetry ? 200 : 503, { database, telemetry }));
      return;
    }
    send(404, { type: 'about:blank', title: 'not found', status: 404 });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = o.host === '0.0.0.0' || o.host === '::' ? 'localhost' : o.host;
  return {
    url: `http://${host}:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
