import type { Writable } from 'node:stream';

export interface SseStreamOptions {
  /** events held while the client is not reading; beyond this they are dropped */
  maxQueued: number;
  heartbeatMs: number;
  onDrop?: (count: number) => void;
}

/**
 * One Server-Sent Events connection with bounded memory. While the socket accepts writes, events go
 * straight out. When it pushes back, events wait in a queue of at most `maxQueued`; past that the queue
 * is dropped and, once the client reads again, it gets a `dropped` event with the count so it can
 * re-fetch state. A client that never reads costs at most the queue and the socket's buffer.
 */
export class SseStream {
  private nextId = 1;
  private queue: string[] = [];
  private dropped = 0;
  private blocked = false;
  private closed = false;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly out: Writable,
    private readonly opts: SseStreamOptions,
  ) {
    // Comments keep proxies and load balancers from closing an idle stream; skipped while blocked.
    this.heartbeat = setInterval(() => {
      if (!this.blocked) this.write(': heartbeat\n\n');
    }, opts.heartbeatMs);
    this.heartbeat.unref();
    out.on('drain', () => this.flush());
    out.on('close', () => this.close());
  }

  send(event: string, data: unknown): void {
    if (this.closed) return;
    const frame = `id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    if (!this.blocked) {
      this.write(frame);
      return;
    }
    this.queue.push(frame);
    if (this.queue.length > this.opts.maxQueued) {
      this.dropped += this.queue.length;
      this.opts.onDrop?.(this.queue.length);
      this.queue = [];
    }
  }

  /** Raw text, e.g. the opening `retry:` line. */
  write(text: string): void {
    if (this.closed) return;
    if (!this.out.write(text)) this.blocked = true;
  }

  get queued(): number {
    return this.queue.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.queue = [];
    this.out.end();
  }

  private flush(): void {
    this.blocked = false;
    if (this.dropped > 0) {
      const n = this.dropped;
      this.dropped = 0;
      this.write(`event: dropped\ndata: ${JSON.stringify({ dropped: n, hint: 're-fetch the state you show; events were lost' })}\n\n`);
    }
    while (this.queue.length > 0 && !this.blocked) this.write(this.queue.shift()!);
  }
}
