import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

// The charger's side of file transfers over HTTP(S): firmware download (1.6 UpdateFirmware location,
// 2.x firmware.location) and log upload (1.6 GetDiagnostics location, GetLog remoteLocation). FTP is not
// simulated: such a location fails like an unreachable server would.

export class TransferError extends Error {}

export interface TransferOptions {
  /** CA for https locations (the charger trusts the same CA as for its CSMS connection) */
  caPem?: string | undefined;
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
}

export interface Downloaded {
  bytes: number;
  sha256: string;
  /** the first bytes, where an image may carry its version */
  head: string;
}

function clientFor(url: URL) {
  if (url.protocol === 'http:') return http;
  if (url.protocol === 'https:') return https;
  throw new TransferError(`unsupported location scheme ${url.protocol}`);
}

export async function download(location: string, opts: TransferOptions = {}, redirects = 3): Promise<Downloaded> {
  const url = new URL(location);
  const client = clientFor(url);
  return new Promise<Downloaded>((resolve, reject) => {
    const req = client.get(url, { ca: opts.caPem, timeout: opts.timeoutMs ?? 30_000, signal: opts.signal }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location && redirects > 0) {
        res.resume();
        download(new URL(res.headers.location, url).toString(), opts, redirects - 1).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(new TransferError(`HTTP ${status} for ${url.pathname}`));
        return;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      let head = '';
      res.on('data', (chunk: Buffer) => {
        if (bytes < 256) head += chunk.subarray(0, 256 - bytes).toString('latin1');
        bytes += chunk.length;
        hash.update(chunk);
      });
      res.on('end', () => resolve({ bytes, sha256: hash.digest('hex'), head }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new TransferError('download timed out')));
    req.on('error', reject);
  });
}

export async function upload(
  location: string,
  fileName: string,
  content: Buffer,
  method: 'post-multipart' | 'put',
  opts: TransferOptions = {},
): Promise<number> {
  const url = new URL(location);
  const client = clientFor(url);
  let body: Buffer;
  let contentType: string;
  if (method === 'put') {
    // PUT to the location itself, or to location/fileName when the location is a folder.
    if (url.pathname.endsWith('/')) url.pathname += encodeURIComponent(fileName);
    body = content;
    contentType = 'text/plain; charset=utf-8';
  } else {
    const boundary = `----chargemend${randomBytes(8).toString('hex')}`;
    body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName.replace(/"/g, '')}"\r\nContent-Type: text/plain\r\n\r\n`),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    contentType = `multipart/form-data; boundary=${boundary}`;
  }
  return new Promise<number>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: method === 'put' ? 'PUT' : 'POST',
        ca: opts.caPem,
        timeout: opts.timeoutMs ?? 30_000,
        signal: opts.signal,
        headers: { 'content-type': contentType, 'content-length': body.length },
      },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(status);
        else reject(new TransferError(`HTTP ${status} for ${url.pathname}`));
      },
    );
    req.on('timeout', () => req.destroy(new TransferError('upload timed out')));
    req.on('error', reject);
    req.end(body);
  });
}
