import { EventEmitter } from 'node:events';
import ocppRpc, { RPCClient } from 'ocpp-rpc';

// NOREPLY comes from a spread in ocpp-rpc's CommonJS index, which Node's ESM named-export detection misses.
const { NOREPLY } = ocppRpc;
import type { Logger } from 'pino';
import { strictModeValidators } from '../ocpp/validators.ts';
import type { ChargerConfig } from './config.ts';
import { subprotocolOf } from './config.ts';
import type { Random } from './random.ts';
import type { ScheduledJob, Scheduler } from './scheduler.ts';

// The charger's WebSocket link: one ocpp-rpc RPCClient per connection attempt, in strict mode with the
// shared validators. Reconnects are ours (ocpp-rpc's own only start after a first success and know nothing
// of reboots): exponential backoff with jitter, through the fleet's shared scheduler.

export type CallHandler = (action: string, params: unknown) => Promise<object | typeof NOREPLY> | object | typeof NOREPLY;

export interface ConnectionEvents {
  open: [];
  close: [{ code: number | undefined; reason: string | undefined }];
  reconnecting: [{ attempt: number; delayMs: number }];
  strictValidationFailure: [{ action: string; outbound: boolean; error: unknown }];
}

export class ChargerConnection extends EventEmitter<ConnectionEvents> {
  private client: RPCClient | undefined;
  private wanted = false;
  private attempt = 0;
  private retry: ScheduledJob | undefined;
  private password: string | undefined;
  state: 'idle' | 'connecting' | 'open' = 'idle';

  constructor(
    private readonly config: ChargerConfig,
    private readonly url: string,
    private readonly onCall: CallHandler,
    private readonly scheduler: Scheduler,
    private readonly random: Random,
    private readonly log: Logger,
  ) {
    super();
    this.password = config.security.profile >= 1 ? config.security.password : undefined;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Connects, and keeps reconnecting after failures and drops until `stop()`. */
  start(): void {
    this.wanted = true;
    this.attempt = 0;
    if (this.state === 'idle' && !this.retry) this.connectNow();
  }

  /** Closes cleanly (after in-flight answers) and stays down. */
  async stop(): Promise<void> {
    this.wanted = false;
    this.retry?.cancel();
    this.retry = undefined;
    const client = this.client;
    if (!client) return;
    await client.close({ code: 1000, awaitPending: true }).catch(() => undefined);
  }

  /** Drops the socket without a close handshake (network loss); reconnects with backoff if still wanted. */
  drop(): void {
    void this.client?.close({ force: true }).catch(() => undefined);
  }

  /** Drops the socket and stays away for `downMs` before connecting again (flapping link, storms). */
  dropFor(downMs: number): void {
    this.wanted = false;
    this.retry?.cancel();
    this.retry = undefined;
    const client = this.client;
    this.client = undefined;
    void client?.close({ force: true }).catch(() => undefined);
    if (this.state === 'open') {
      this.state = 'idle';
      this.emit('close', { code: 1006, reason: 'dropped' });
    }
    this.state = 'idle';
    this.retry = this.scheduler.after(downMs, () => {
      this.retry = undefined;
      this.start();
    });
  }

  /** New HTTP Basic password (A01 / 1.6 AuthorizationKey): used from the next connection on. */
  setPassword(password: string): void {
    this.password = password;
  }

  async call(action: string, payload: object): Promise<unknown> {
    const client = this.client;
    if (!client || this.state !== 'open') throw new Error(`not connected (${action})`);
    return client.call(action, payload);
  }

  private connectNow(): void {
    this.retry = undefined;
    if (!this.wanted) return;
    this.state = 'connecting';
    const client = this.createClient();
    this.client = client;
    client.connect().then(
      () => {
        if (this.client !== client) return;
        this.attempt = 0;
        this.state = 'open';
        this.emit('open');
      },
      (err: unknown) => {
        if (this.client !== client) return;
        this.log.debug({ err: String(err) }, 'connect failed');
        this.state = 'idle';
        this.scheduleReconnect();
      },
    );
    client.on('close', (ev: { code?: number; reason?: string }) => {
      if (this.client !== client || this.state !== 'open') return;
      this.state = 'idle';
      this.emit('close', { code: ev.code, reason: ev.reason });
      this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.retry) return;
    const { initialDelayMs, maxDelayMs, factor, jitter } = this.config.reconnect;
    const base = Math.min(maxDelayMs, initialDelayMs * factor ** this.attempt);
    const delayMs = Math.max(1, Math.round(base * (1 + jitter * (2 * this.random.next() - 1))));
    this.attempt++;
    this.emit('reconnecting', { attempt: this.attempt, delayMs });
    this.retry = this.scheduler.after(delayMs, () => this.connectNow());
  }

  private createClient(): RPCClient {
    const { config } = this;
    const protocol = subprotocolOf(config.ocppVersion);
    const secure = config.security.profile === 2;
    const client = new RPCClient({
      endpoint: this.url.replace(/\/+$/, ''),
      identity: config.id,
      protocols: [protocol],
      strictMode: true,
      strictModeValidators,
      password: this.password ?? null,
      reconnect: false,
      maxReconnects: 0,
      callTimeoutMs: config.callTimeoutMs,
      pingIntervalMs: config.webSocketPingIntervalS * 1000,
      deferPingsOnActivity: true,
      respondWithDetailedErrors: false,
      // One outstanding CALL at a time, as OCPP-J requires of a charger.
      callConcurrency: 1,
      maxBadMessages: Infinity,
      wsOpts: secure && config.security.caPem ? { ca: config.security.caPem } : {},
      headers: {},
      backoff: { initialDelay: 1000, maxDelay: 10_000, factor: 2, randomisationFactor: 0.25 },
    });
    client.handle(async ({ method, params }) => {
      const result = await this.onCall(method ?? '', params);
      // ocpp-rpc's handler type wants a record; NOREPLY (a symbol) tells it to send nothing.
      return result as Record<string, unknown>;
    });
    client.on('strictValidationFailure', (ev: { method: string; outbound: boolean; error: unknown }) => {
      this.log.warn({ action: ev.method, outbound: ev.outbound, err: String(ev.error) }, 'strict validation failure');
      this.emit('strictValidationFailure', { action: ev.method, outbound: ev.outbound, error: ev.error });
    });
    client.on('socketError', () => undefined);
    return client;
  }
}

export { NOREPLY };
