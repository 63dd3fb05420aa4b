import { EventEmitter } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { RPCServer, type RPCClient } from 'ocpp-rpc';
// RPCServer's clients are RPCClients (RpcServerClient extends RPC_Client): typed through the exported class.
type RpcServerClient = RPCClient;
import { strictModeValidators } from '../../ocpp/validators.ts';

// A small CSMS test double: a real ocpp-rpc RPCServer in strict mode (the same validators as the gateway)
// on 127.0.0.1, port 0. It accepts boots (or answers what the test says), records every call it receives,
// and lets a test call the connected charger. Not a gateway: no persistence, no domain logic.

export interface ReceivedCall {
  identity: string;
  protocol: string;
  action: string;
  params: Record<string, unknown>;
  at: number;
  /** position in `calls`: a test marks "from here on" with `mark()` */
  index: number;
}

export type Answer = (call: ReceivedCall) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface FakeCsmsOptions {
  protocols?: string[];
  /** when set, HTTP Basic auth with this password is required (security profiles 1 and 2) */
  password?: string;
  /** serve wss:// with this key and certificate (security profile 2) */
  tls?: { key: string; cert: string };
  port?: number;
}

const now = () => new Date().toISOString();

export class FakeCsms extends EventEmitter {
  readonly calls: ReceivedCall[] = [];
  readonly strictFailures: unknown[] = [];
  readonly clients = new Map<string, RpcServerClient>();
  readonly answers = new Map<string, Answer>();
  readonly connections: Array<{ identity: string; protocol: string; at: number }> = [];
  /** BootNotification answer per identity and attempt (1-based) */
  boot: (identity: string, attempt: number) => { status: 'Accepted' | 'Pending' | 'Rejected'; interval: number } = () => ({ status: 'Accepted', interval: 300 });
  port = 0;
  /** the password chargers must present (changeable, as a CSMS stores a charger's new password) */
  password: string | undefined;
  private server: RPCServer | undefined;
  private httpsServer: https.Server | undefined;
  private bootAttempts = new Map<string, number>();
  private nextTransactionId = 1000;

  private constructor(private readonly options: FakeCsmsOptions) {
    super();
    this.password = options.password;
  }

  static async start(options: FakeCsmsOptions = {}): Promise<FakeCsms> {
    const csms = new FakeCsms(options);
    await csms.listen(options.port ?? 0);
    return csms;
  }

  get url(): string {
    return `${this.options.tls ? 'wss' : 'ws'}://127.0.0.1:${this.port}/ocpp`;
  }

  /** Calls of one charger (optionally of one action), in arrival order. */
  callsOf(identity: string, action?: string): ReceivedCall[] {
    return this.calls.filter((c) => c.identity === identity && (!action || c.action === action));
  }

  /** The position of the next call to arrive (for `awaitCall(…, since)`). */
  mark(): number {
    return this.calls.length;
  }

  /** Resolves with the first matching call at position `since` or later (already received, or future). */
  awaitCall(identity: string, action: string, match: (params: Record<string, unknown>) => boolean = () => true, timeoutMs = 10_000, since = 0): Promise<ReceivedCall> {
    const done = this.calls.find((c) => c.index >= since && c.identity === identity && c.action === action && match(c.params));
    if (done) return Promise.resolve(done);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('call', listener);
        reject(new Error(`timed out waiting for ${action} from ${identity}`));
      }, timeoutMs);
      const listener = (c: ReceivedCall) => {
        if (c.identity !== identity || c.action !== action || !match(c.params)) return;
        clearTimeout(timer);
        this.off('call', listener);
        resolve(c);
      };
      this.on('call', listener);
    });
  }

  awaitConnection(identity: string, timeoutMs = 10_000): Promise<RpcServerClient> {
    const existing = this.clients.get(identity);
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${identity} to connect`)), timeoutMs);
      const listener = (id: string, client: RpcServerClient) => {
        if (id !== identity) return;
        clearTimeout(timer);
        this.off('connected', listener);
        resolve(client);
      };
      this.on('connected', listener);
    });
  }

  /** Sends a CSMS call to a connected charger and returns its answer. */
  async send(identity: string, action: string, params: Record<string, unknown>, timeoutMs = 10_000): Promise<Record<string, unknown>> {
    const client = this.clients.get(identity);
    if (!client) throw new Error(`${identity} is not connected`);
    return (await client.call(action, params, { callTimeoutMs: timeoutMs })) as Record<string, unknown>;
  }

  /** Stops accepting and drops every charger (a gateway going away). */
  async stop(): Promise<void> {
    await this.server?.close({ force: true });
    this.server = undefined;
    if (this.httpsServer) await new Promise<void>((r) => this.httpsServer!.close(() => r()));
    this.httpsServer = undefined;
    this.clients.clear();
  }

  /** Comes back on the same port (a gateway restart). */
  async restart(): Promise<void> {
    await this.listen(this.port);
  }

  private async listen(port: number): Promise<void> {
    const server = new RPCServer({
      protocols: this.options.protocols ?? ['ocpp2.1', 'ocpp2.0.1', 'ocpp1.6'],
      strictMode: true,
      strictModeValidators,
      callTimeoutMs: 10_000,
    });
    server.auth((accept, reject, handshake) => {
      if (this.password !== undefined && handshake.password?.toString('utf8') !== this.password) {
        reject(401, 'bad credentials');
        return;
      }
      accept({});
    });
    server.on('client', (client: RpcServerClient) => this.onClient(client));
    this.server = server;
    if (this.options.tls) {
      const httpsServer = https.createServer({ key: this.options.tls.key, cert: this.options.tls.cert });
      httpsServer.on('upgrade', server.handleUpgrade);
      await new Promise<void>((resolve) => httpsServer.listen(port, '127.0.0.1', resolve));
      this.httpsServer = httpsServer;
      this.port = (httpsServer.address() as AddressInfo).port;
    } else {
      const http = await server.listen(port, '127.0.0.1');
      this.port = (http.address() as AddressInfo).port;
    }
  }

  private onClient(client: RpcServerClient): void {
    const identity = client.identity ?? '';
    const protocol = client.protocol ?? '';
    this.clients.set(identity, client);
    this.connections.push({ identity, protocol, at: Date.now() });
    client.on('close', () => {
      if (this.clients.get(identity) === client) this.clients.delete(identity);
      this.emit('disconnected', identity);
    });
    client.on('strictValidationFailure', (ev: unknown) => this.strictFailures.push(ev));
    client.handle(async ({ method, params }: { method?: string; params?: Record<string, unknown> }) => {
      const call: ReceivedCall = { identity, protocol, action: method ?? '', params: (params ?? {}) as Record<string, unknown>, at: Date.now(), index: this.calls.length };
      this.calls.push(call);
      this.emit('call', call);
      const custom = this.answers.get(call.action);
      return custom ? custom(call) : this.defaultAnswer(call);
    });
    this.emit('connected', identity, client);
  }

  private defaultAnswer(call: ReceivedCall): Record<string, unknown> {
    const v16 = call.protocol === 'ocpp1.6';
    switch (call.action) {
      case 'BootNotification': {
        const attempt = (this.bootAttempts.get(call.identity) ?? 0) + 1;
        this.bootAttempts.set(call.identity, attempt);
        return { ...this.boot(call.identity, attempt), currentTime: now() };
      }
      case 'Heartbeat':
        return { currentTime: now() };
      case 'StartTransaction':
        return { transactionId: this.nextTransactionId++, idTagInfo: { status: 'Accepted' } };
      case 'StopTransaction':
        return { idTagInfo: { status: 'Accepted' } };
      case 'Authorize':
        return v16 ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
      case 'TransactionEvent':
        return call.params.eventType === 'Started' ? { idTokenInfo: { status: 'Accepted' } } : {};
      case 'DataTransfer':
        return { status: 'Accepted' };
      default:
        return {};
    }
  }
}
