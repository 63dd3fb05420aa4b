import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { RPCServer, type RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { ChargerInbox } from '../core/chargers/charger-inbox.ts';
import type { ChargerRegistry } from '../core/chargers/charger-registry.ts';
import { OCPP_LIMIT_DEFAULTS, type OcppLimits } from '../core/config.ts';
import type { OcppVersion } from '../core/domain/charger.ts';
import { strictModeValidators, SUBPROTOCOLS, type OcppSubprotocol } from '../ocpp/validators.ts';
import type { AdapterContext } from './adapters/adapter.ts';
import { v16Actions } from './adapters/v16.ts';
import { v2Actions } from './adapters/v2.ts';
import { ConnectionCalls, ProtocolDispatch } from './call-dispatch.ts';
import { ConnectionTable, type LiveConnection } from './connections.ts';
import { GATEWAY_ERRORS, type GatewayErrorCode } from './errors.ts';
import { guardFrames } from './frame-guard.ts';
import { KeepAlive } from './keep-alive.ts';
import { rpcInternals, type RpcClientInternals } from './rpc-internals.ts';

export interface GatewayOptions {
  host: string;
  port: number;
  maxPayloadBytes: number;
  callTimeoutMs: number;
  /** Security Profile 2/3 */
  tls?: { keyFile: string; certFile: string; caFile?: string | undefined } | undefined;
  /** per-connection abuse limits (config OCPP_MAX_BAD_MESSAGES, OCPP_RATE_LIMIT_*) */
  limits?: OcppLimits | undefined;
  /** WebSocket ping interval (config OCPP_PING_INTERVAL_S); a socket that misses a pong is closed; 0: no pings */
  pingIntervalMs?: number | undefined;
}

export interface GatewayDeps {
  registry: ChargerRegistry;
  inbox: ChargerInbox;
  log: Logger;
  now?: () => Date;
}

// OCPP 2.0.1 part 4 §3.1: the identity is the last path segment, max 48 chars of the URI-safe printable set.
const IDENTITY = /^[\x21-\x7e]{1,48}$/;
const VERSION_OF: Record<OcppSubprotocol, OcppVersion> = { 'ocpp1.6': '1.6', 'ocpp2.0.1': '2.0.1', 'ocpp2.1': '2.1' };
/** socket events ocpp-rpc listens to during the upgrade (OcppGateway#upgrade) */
const UPGRADE_EVENTS = ['error', 'end', 'close'] as const;
type UpgradeListener = [event: (typeof UPGRADE_EVENTS)[number], listener: (...args: unknown[]) => unknown];

/**
 * The OCPP edge: one WebSocket server (ocpp-rpc, strict mode both ways) at ws(s)://host:port/ocpp/{id},
 * admission at the HTTP upgrade, one version adapter per connection, and the table of live sockets.
 */
export class OcppGateway {
  readonly connections = new ConnectionTable();
  /** CALLs received, by action, since start (the /metrics counter reads it) */
  readonly messagesByAction = new Map<string, number>();
  private readonly rpc: RPCServer;
  private server: Server | undefined;
  private readonly now: () => Date;
  private readonly dispatch = new Map<OcppSubprotocol, ProtocolDispatch>();
  private readonly limits: OcppLimits;
  private readonly keepAlive: KeepAlive;
  /** ocpp-rpc's listeners on an upgrading socket, removed once the connection is set up */
  private readonly upgradeListeners = new WeakMap<IncomingMessage, UpgradeListener[]>();

  constructor(
    private readonly deps: GatewayDeps,
    private readonly opts: GatewayOptions,
  ) {
    this.now = deps.now ?? (() => new Date());
    this.limits = opts.limits ?? OCPP_LIMIT_DEFAULTS;
    this.rpc = new RPCServer({
      protocols: [...SUBPROTOCOLS],
      strictMode: true,
      strictModeValidators,
      callTimeoutMs: opts.callTimeoutMs,
      respondWithDetailedErrors: false,
      // pings come from this.keepAlive: one timer for all sockets instead of a loop, an emitter, an abort
      // controller and a timer per client
      pingIntervalMs: 0,
      // consecutive frames that are not an RPC message at all; then ocpp-rpc closes with 1002
      maxBadMessages: this.limits.maxBadMessages,
      // a larger frame closes the socket with 1009 (RFC 6455 §7.4.1) before it is buffered whole
      wssOptions: { maxPayload: opts.maxPayloadBytes },
    });
    this.rpc.auth((accept, reject, handshake, signal) => {
      void this.admit(handshake.request, handshake.endpoint, handshake.identity, handshake.protocols, handshake.password).then(
        (r) => {
          if (signal?.aborted) return;
          if ('error' in r) {
            const e = GATEWAY_ERRORS[r.error];
            this.deps.log.warn({ chargerId: handshake.identity, remoteAddress: handshake.remoteAddress, code: r.error, reason: r.reason }, 'charger refused at upgrade');
            reject(e.status, r.reason ?? e.message);
          } else {
            accept({ registration: r.registration });
          }
        },
        (err: unknown) => {
          this.deps.log.error({ err, chargerId: handshake.identity }, 'admission failed');
          reject(GATEWAY_ERRORS.GATEWAY_UNAVAILABLE.status, GATEWAY_ERRORS.GATEWAY_UNAVAILABLE.message);
        },
      );
    });
    this.rpc.on('client', (client: RPCClient) => this.onClient(client));
    this.keepAlive = new KeepAlive(opts.pingIntervalMs ?? 30_000, deps.log);
  }

  async listen(): Promise<{ port: number; url: string }> {
    const tls = this.opts.tls;
    const server = tls
      ? createHttpsServer({
          key: readFileSync(tls.keyFile),
          cert: readFileSync(tls.certFile),
          ...(tls.caFile ? { ca: readFileSync(tls.caFile), requestCert: true, rejectUnauthorized: false } : {}),
        })
      : createHttpServer();
    server.on('request', (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain', upgrade: 'websocket' });
      res.end('OCPP-J endpoint: connect a WebSocket to /ocpp/{chargerId}\n');
    });
    // an HTTP server's upgrade socket is a net.Socket (tls.TLSSocket with TLS); Node types it as a Duplex
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // a reconnect storm opens thousands of sockets at once: a deeper accept queue than Node's 511
      server.listen({ port: this.opts.port, host: this.opts.host, backlog: 4096 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    const host = this.opts.host === '0.0.0.0' || this.opts.host === '::' ? 'localhost' : this.opts.host;
    return { port, url: `${tls ? 'wss' : 'ws'}://${host}:${port}/ocpp` };
  }

  async close(): Promise<void> {
    this.keepAlive.stop();
    await this.rpc.close({ code: 1001, reason: 'server shutting down', awaitPending: false });
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  private async admit(
    req: IncomingMessage,
    endpoint: string,
    identity: string,
    protocols: Set<string>,
    password: Buffer | undefined,
  ): Promise<{ registration: string } | { error: GatewayErrorCode; reason?: string }> {
    if (endpoint !== '/ocpp') return { error: 'GATEWAY_BAD_PATH' };
    if (!IDENTITY.test(identity)) return { error: 'GATEWAY_BAD_IDENTITY' };
    if (!SUBPROTOCOLS.some((p) => protocols.has(p))) return { error: 'GATEWAY_NO_SUBPROTOCOL' };

    const socket = req.socket as Partial<TLSSocket>;
    const tls = socket.encrypted === true;
    let clientCertificate = false;
    if (tls && this.opts.tls?.caFile) {
      const cert = socket.getPeerCertificate?.();
      if (cert && Object.keys(cert).length > 0) {
        // Presented but not valid (unknown CA, expired, …): refused outright.
        if (!socket.authorized) return { error: 'GATEWAY_CERT_MISMATCH', reason: `client certificate refused: ${String(socket.authorizationError)}` };
        if (cert.subject?.CN !== identity) return { error: 'GATEWAY_CERT_MISMATCH' };
        clientCertificate = true;
      }
    }
    // The id is the URL's and nothing else; the registry throttles failed logins per id and per address.
    const a = await this.deps.registry.admit(identity, { password, tls, clientCertificate, remoteAddress: req.socket.remoteAddress });
    if (!a.admitted) return { error: a.httpStatus === 404 ? 'GATEWAY_UNKNOWN_CHARGER' : 'GATEWAY_BAD_CREDENTIALS', reason: a.reason };
    return { registration: a.registration };
  }

  /**
   * ocpp-rpc's upgrade: it attaches its error/end/close listeners to the socket synchronously, before it asks
   * for admission. They only matter until the WebSocket is set up, but stay on the socket for its whole life,
   * and with them everything the upgrade made (the request and its headers, the parsed URL, an abort
   * controller). Noted here, removed in releaseUpgrade().
   */
  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const before = UPGRADE_EVENTS.map((e) => socket.rawListeners(e));
    void this.rpc.handleUpgrade(req, socket, head);
    const added: UpgradeListener[] = [];
    UPGRADE_EVENTS.forEach((e, i) => {
      for (const l of socket.rawListeners(e)) if (!before[i]!.includes(l)) added.push([e, l as UpgradeListener[1]]);
    });
    this.upgradeListeners.set(req, added);
  }

  /**
   * Once the connection is set up: the upgrade's listeners off the socket (ws has its own), and of the
   * handshake only what is read later. Would a socket error after the upgrade still reach ocpp-rpc's
   * listener, it would write an HTTP 500 into the WebSocket stream.
   */
  private releaseUpgrade(internals: RpcClientInternals, remoteAddress: string | undefined): void {
    const request = internals._handshake?.request;
    if (request) {
      for (const [event, listener] of this.upgradeListeners.get(request) ?? []) request.socket.removeListener(event, listener);
      this.upgradeListeners.delete(request);
      internals._handshake = { remoteAddress, identity: internals._handshake?.identity, endpoint: internals._handshake?.endpoint };
    }
    internals._nextPingTimeout = undefined;
  }

  /**
   * Handlers are attached synchronously: ocpp-rpc delivers the charger's first CALL as soon as this event
   * returns, so they wait for the connection record instead of missing the message.
   */
  private onClient(client: RPCClient): void {
    const chargerId = client.identity!;
    const protocol = client.protocol as OcppSubprotocol;
    const ocppVersion = VERSION_OF[protocol];
    const internals = rpcInternals(client);
    const remoteAddress = internals._handshake?.remoteAddress;
    this.releaseUpgrade(internals, remoteAddress);
    if (internals._ws) this.keepAlive.add(internals._ws, chargerId);
    const log = this.deps.log.child({ chargerId, ocppVersion });
    const conn: LiveConnection = { chargerId, connectionId: '', ocppVersion, client, connectedAt: this.now() };
    const registered = this.deps.registry.connected(chargerId, { ocppVersion, remoteAddress }).then((id) => {
      conn.connectionId = id;
      log.info({ remoteAddress, connectionId: id }, 'charger connected');
    });
    registered.catch((err: unknown) => {
      log.error({ err }, 'could not record the connection; closing it');
      void client.close({ code: 1011, reason: 'temporarily unavailable' });
    });

    const replaced = this.connections.put(conn);
    if (replaced) {
      log.info({ replacedConnectionId: replaced.connectionId }, 'new connection replaces the previous one');
      void replaced.client.close({ code: 1000, reason: 'replaced by a new connection' });
    }

    client.on('close', ({ code, reason }: { code?: number; reason?: string | Buffer }) => {
      // Only this table knows synchronously whether a newer connection took over.
      const replacedByNewer = !this.connections.remove(conn);
      const why = reason === undefined ? undefined : String(reason) || undefined;
      log.info({ code, reason: why, replacedByNewer }, 'charger disconnected');
      void registered
        .then(() => this.deps.registry.disconnected(chargerId, conn.connectionId, code, why, replacedByNewer))
        .catch((err: unknown) => log.warn({ err }, 'could not record disconnect'));
    });
    client.on('badMessage', ({ error }: { error: Error }) => log.warn({ err: error }, 'bad message from charger'));

    const ctx: AdapterContext = { chargerId, ocppVersion, inbox: this.deps.inbox, log, now: this.now };
    const calls = new ConnectionCalls(client, this.dispatchFor(protocol), ctx, registered, this.countCall, log);
    void registered.then(() => {
      calls.ready = true;
    }, () => undefined);
    client.handle((call: { method?: string; params?: unknown }) => calls.slowCall(call));
    guardFrames(client, protocol, this.limits, log, (data) => calls.direct(data));
  }

  private readonly countCall = (action: string): void => {
    this.messagesByAction.set(action, (this.messagesByAction.get(action) ?? 0) + 1);
  };

  private dispatchFor(protocol: OcppSubprotocol): ProtocolDispatch {
    let d = this.dispatch.get(protocol);
    if (!d) this.dispatch.set(protocol, (d = new ProtocolDispatch(protocol, protocol === 'ocpp1.6' ? v16Actions : v2Actions)));
    return d;
  }
}
