import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A webhook receiver on 127.0.0.1, port 0. Answers each request with the next status of `script`
 * (the last one repeats); 'hang' never answers. `next()` resolves with the next request received.
 */
export class WebhookReceiver {
  readonly received: ReceivedHook[] = [];
  private waiters: Array<(r: ReceivedHook) => void> = [];
  private readonly server: Server;
  url = '';

  constructor(private readonly script: Array<number | 'hang'>) {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const hook = { headers: req.headers, body };
        const answer = this.script[Math.min(this.received.length, this.script.length - 1)]!;
        this.received.push(hook);
        this.waiters.shift()?.(hook);
        if (answer !== 'hang') res.writeHead(answer).end();
      });
    });
  }

  async start(path = '/hook'): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  next(): Promise<ReceivedHook> {
    return new Promise((r) => this.waiters.push(r));
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}
