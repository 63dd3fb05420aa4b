import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { Busboy } from '@fastify/busboy';
import type { Logger } from 'pino';
import type { Database } from '../core/db/database.ts';
import type { FirmwareStore } from '../core/files/firmware-store.ts';
import { UploadError, type UploadSlots } from '../core/files/upload-slots.ts';
import type { OcppGateway } from '../gateway/ocpp-gateway.ts';
import type { TelemetryStore } from '../telemetry/types.ts';

// The HTTP surface chargers need (firmware downloads, log uploads) plus liveness and readiness, until
// the API (fastify) takes over this port.

export interface StatusServer {
  url: string;
  close(): Promise<void>;
}

interface Deps {
  host: string;
  port: number;
  db: Database;
  telemetry: TelemetryStore;
  gateway: OcppGateway;
  firmware: FirmwareStore;
  uploads: UploadSlots;
  log: Logger;
}

const problem = (res: ServerResponse, status: number, code: string, detail: string) => {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title: detail, status, code, detail }));
};

export async function startStatusServer(o: Deps): Promise<StatusServer> {
  const server = createServer((req, res) => {
    void route(o, req, res).catch((err: unknown) => {
      o.log.error({ err, url: req.url }, 'request failed');
      if (!res.headersSent) problem(res, 500, 'INTERNAL', 'internal error');
      else res.destroy();
    });
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
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function route(o: Deps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (url.pathname === '/healthz') return send(200, { status: 'ok', connectedChargers: o.gateway.connections.size });
  if (url.pathname === '/readyz') {
    const [database, telemetry] = await Promise.all([o.db.sql.query('SELECT 1').then(() => true, () => false), o.telemetry.ping()]);
    return send(database && telemetry ? 200 : 503, { database, telemetry });
  }
  const fw = /^\/firmware\/([0-9a-f-]{36})\/[^/]+$/.exec(url.pathname);
  if (fw && (req.method === 'GET' || req.method === 'HEAD')) {
    const image = await o.firmware.find(fw[1]!);
    if (!image) return problem(res, 404, 'FIRMWARE_NOT_FOUND', 'no such firmware image');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': image.sizeBytes, 'x-checksum-sha256': image.sha256 });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(image.path).pipe(res);
    return;
  }
  // GetDiagnostics / GetLog location: chargers PUT or POST the file (raw, or as multipart form data)
  const up = /^\/uploads\/([A-Za-z0-9_-]{20,64})(?:\/([^/]*))?$/.exec(url.pathname);
  if (up && (req.method === 'PUT' || req.method === 'POST')) {
    try {
      const file = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
        ? await firstFile(req)
        : { name: decodeURIComponent(up[2] ?? '') || fileNameFrom(req) || 'diagnostics.log', stream: req };
      const r = await o.uploads.receive(up[1]!, file.name, file.stream);
      return send(201, { id: r.id, sizeBytes: r.sizeBytes, sha256: r.sha256 });
    } catch (err) {
      if (err instanceof UploadError) {
        req.resume();
        return problem(res, err.status, err.code, err.message);
      }
      throw err;
    }
  }
  problem(res, 404, 'NOT_FOUND', 'not found');
}

/** The first file part of a multipart/form-data body (how many chargers upload diagnostics). */
function firstFile(req: IncomingMessage): Promise<{ name: string; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const bb = Busboy({ headers: { ...req.headers, 'content-type': req.headers['content-type']! }, limits: { files: 1 } });
    let got = false;
    bb.on('file', (_field, stream, filename) => {
      got = true;
      resolve({ name: filename || 'diagnostics.log', stream });
    });
    bb.on('error', reject);
    bb.on('finish', () => {
      if (!got) reject(new UploadError('UPLOAD_NO_FILE'));
    });
    req.pipe(bb);
  });
}

function fileNameFrom(req: IncomingMessage): string | undefined {
  const cd = req.headers['content-disposition'];
  const m = cd ? /filename="?([^";]+)"?/.exec(cd) : null;
  return m?.[1];
}
