import http from 'node:http';
import https from 'node:https';

export interface PostResult {
  status: number;
  /** the response body, only read when the status is not a success (2xx bodies are discarded) */
  text: string;
}

/**
 * POSTs over kept-alive node:http connections. Used for the write path only: per request it costs
 * ~0.3 ms of CPU where fetch (undici) costs ~0.8–1 ms, which is 0.1–0.2 µs per point at 5,000-point
 * batches (bench/telemetry.ts). Network errors and timeouts reject with the underlying Error.
 */
export class HttpPoster {
  private readonly agent: http.Agent;
  private readonly client: typeof http | typeof https;

  /** `base` is the server URL without a trailing slash; it may carry a path prefix (a reverse proxy). */
  constructor(
    private readonly base: string,
    private readonly timeoutMs: number,
  ) {
    this.client = new URL(base).protocol === 'https:' ? https : http;
    this.agent = new this.client.Agent({ keepAlive: true, maxSockets: 4 });
  }

  async post(path: string, headers: Record<string, string>, body: Buffer): Promise<PostResult> {
    try {
      return await this.once(path, headers, body);
    } catch (err) {
      // A kept-alive socket the server closed while idle fails on reuse; that says nothing about the
      // server, so try once more on a fresh one (an InfluxDB write is idempotent).
      if (err instanceof StaleSocketError) return this.once(path, headers, body);
      throw err;
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private once(path: string, headers: Record<string, string>, body: Buffer): Promise<PostResult> {
    return new Promise((resolve, reject) => {
      const req = this.client.request(
        new URL(`${this.base}${path}`),
        { method: 'POST', agent: this.agent, headers: { ...headers, 'content-length': String(body.length) } },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            res.resume();
            res.on('end', () => resolve({ status, text: '' }));
            return;
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.setTimeout(this.timeoutMs, () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) => {
        reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err) : err);
      });
      req.end(body);
    });
  }
}

class StaleSocketError extends Error {
  constructor(cause: Error) {
    super(cause.message, { cause });
  }
}
