import type { RPCClient } from 'ocpp-rpc';
import type { WebSocket } from 'ws';

/**
 * The parts of an ocpp-rpc 2.2.1 client that it keeps private and the gateway must reach: the socket
 * (frame checks, gateway/frame-guard.ts; direct answers, gateway/call-dispatch.ts), the count of
 * consecutive bad frames (a good frame resets it, as RPCClient#_onMessage does) and the CALLs ocpp-rpc is
 * still answering. The fuzz suite (test/fuzz) fails if a newer ocpp-rpc changes them.
 */
export interface RpcClientInternals {
  _ws?: WebSocket;
  _badMessagesCount: number;
  _pendingResponses: Map<string, unknown>;
}

export function rpcInternals(client: RPCClient): RpcClientInternals {
  return client as unknown as RpcClientInternals;
}
