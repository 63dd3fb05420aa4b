import type { IncomingMessage } from 'node:http';
import type { RPCClient } from 'ocpp-rpc';
import type { WebSocket } from 'ws';

/**
 * The parts of an ocpp-rpc 2.2.1 client that it keeps private and the gateway must reach: the socket
 * (frame checks, gateway/frame-guard.ts; direct answers, gateway/call-dispatch.ts; pings,
 * gateway/keep-alive.ts), the count of consecutive bad frames (a good frame resets it, as
 * RPCClient#_onMessage does), the CALLs ocpp-rpc is still answering, and what it keeps of the upgrade
 * (released once the connection is set up: OcppGateway#releaseUpgrade). The fuzz suite (test/fuzz) fails if a newer ocpp-rpc changes them.
 */
export interface RpcClientInternals {
  _ws?: WebSocket;
  _badMessagesCount: number;
  _pendingResponses: Map<string, unknown>;
  /** the upgrade's handshake (server clients): the request, its headers, the parsed URL … for the connection's life */
  _handshake?: { request?: IncomingMessage; remoteAddress?: string | undefined; identity?: string; endpoint?: string };
  /** the keep-alive loop's timer, kept even when that loop is off (pingIntervalMs 0: the gateway's KeepAlive pings) */
  _nextPingTimeout?: unknown;
}

export function rpcInternals(client: RPCClient): RpcClientInternals {
  return client as unknown as RpcClientInternals;
}
