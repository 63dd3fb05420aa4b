/** A minimal SSE reader over fetch: what a dashboard's EventSource would see, one event at a time. */
export interface SseEvent {
  event: string;
  data: unknown;
}

export class SseClient {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  private readonly controller = new AbortController();
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  status = 0;
  contentType = '';

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async open(): Promise<this> {
    const res = await fetch(this.url, { headers: this.headers, signal: this.controller.signal });
    this.status = res.status;
    this.contentType = res.headers.get('content-type') ?? '';
    this.reader = res.body!.getReader();
    return this;
  }

  /** Resolves with the next event (comments such as heartbeats are skipped). */
  async next(): Promise<SseEvent> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const frame = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const fields = frame.split('\n').filter((l) => !l.startsWith(':'));
        const event = fields.find((l) => l.startsWith('event: '))?.slice(7);
        const data = fields.find((l) => l.startsWith('data: '))?.slice(6);
        if (event !== undefined) return { event, data: data === undefined ? undefined : JSON.parse(data) };
        continue;
      }
      const { value, done } = await this.reader!.read();
      if (done) throw new Error('stream ended');
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  close(): void {
    this.controller.abort();
  }
}
