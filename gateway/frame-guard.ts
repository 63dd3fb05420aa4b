import type { RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import type { OcppSubprotocol } from '../ocpp/validators.ts';
import { ChargerRateLimiter, type ChargerRateLimit } from './rate-limit.ts';
import { rpcInternals } from './rpc-internals.ts';

// What ocpp-rpc 2.2.1 leaves to us at the frame level, per connection:
// - binary frames: OCPP-J is JSON in WebSocket text frames (OCPP-J 1.6 §3, 2.0.1 part 4 §3); ocpp-rpc
//   ignores the opcode and would run a binary frame as a CALL. We close with 1003 (RFC 6455 §7.4.1:
//   "a type of data it cannot accept").
// - a per-charger message rate, checked before ocpp-rpc parses or validates anything;
// - error codes of the charger's own OCPP version in the CALLERRORs ocpp-rpc writes (see CALLERROR_CODES).

export const CLOSE_UNSUPPORTED_DATA = 1003;
export const CLOSE_POLICY_VIOLATION = 1008;

type MessageListener = (data: RawData, isBinary: boolean) => void;

/**
 * Error codes ocpp-rpc sends that the connection's version does not define, and the version's own word.
 * OCPP-J 1.6 §4.2.3 has no RpcFrameworkError/MessageTypeNotSupported (frames that are not an RPC message
 * are "not conform the PDU structure": FormationViolation) and says FormationViolation where 2.x says
 * FormatViolation. OCPP 2.0.1/2.1 part 4 §4.3 spell OccurrenceConstraintViolation correctly; ocpp-rpc's
 * validator emits the 1.6 typo "OccurenceConstraintViolation" for every version.
 */
const CALLERROR_CODES: Record<OcppSubprotocol, Record<string, string>> = {
  'ocpp1.6': { RpcFrameworkError: 'FormationViolation', MessageTypeNotSupported: 'FormationViolation', FormatViolation: 'FormationViolation' },
  'ocpp2.0.1': { OccurenceConstraintViolation: 'OccurrenceConstraintViolation', FormationViolation: 'FormatViolation' },
  'ocpp2.1': { OccurenceConstraintViolation: 'OccurrenceConstraintViolation', FormationViolation: 'FormatViolation' },
};

/** Rewrites a CALLERROR frame's code into the connection's OCPP version; other frames pass unchanged. */
export function callErrorInVersion(protocol: OcppSubprotocol, frame: string): string {
  if (!frame.startsWith('[4,')) return frame;
  const msg = JSON.parse(frame) as unknown[];
  const code = CALLERROR_CODES[protocol][String(msg[2])];
  if (!code) return frame;
  msg[2] = code;
  return JSON.stringify(msg);
}

/**
 * Puts the frame checks in front of ocpp-rpc for one connection. ocpp-rpc exposes neither its socket nor
 * the frame opcode, so this reaches its (typed protected) `_ws`, and takes over the 'message' listener
 * that ocpp-rpc attaches on the next tick after emitting 'client' (RPCClient#_attachWebsocket): this is
 * called from the 'client' handler and defers its own step by one tick, after ocpp-rpc's. The fuzz suite
 * (test/fuzz) fails if a newer ocpp-rpc changes that order.
 */
export function guardFrames(
  client: RPCClient,
  protocol: OcppSubprotocol,
  limit: ChargerRateLimit,
  log: Logger,
  /** takes a frame within the rate before ocpp-rpc does; false hands it on (gateway/call-dispatch.ts) */
  direct?: (data: RawData) => boolean,
): void {
  const send = client.sendRaw.bind(client);
  client.sendRaw = (message: string) => send(callErrorInVersion(protocol, message));

  const ws = rpcInternals(client)._ws;
  if (!ws) {
    log.error('no socket behind the OCPP client: binary frames and the message rate are not checked');
    return;
  }
  const guard = new FrameGuard(client, limit, log, send, direct);
  process.nextTick(() => {
    guard.inner = ws.listeners('message') as MessageListener[];
    ws.removeAllListeners('message');
    ws.on('message', (data: RawData, isBinary: boolean) => guard.onMessage(ws, data, isBinary));
  });
}

/**
 * One connection's frame checks. State and methods on one object rather than closures: the gateway holds
 * one per charger, and every named closure costs a function object of its own (tsx keeps function names,
 * which gives each closure instance its own property dictionary) — bench/connections.ts, heap per connection.
 */
class FrameGuard {
  /** ocpp-rpc's own 'message' listeners, which frames that pass go on to */
  inner: MessageListener[] = [];
  private readonly limiter: ChargerRateLimiter;
  private refused = 0;
  /** after the decision to close, frames still in flight are dropped unread (and unlogged) */
  private closing = false;

  constructor(
    private readonly client: RPCClient,
    private readonly limit: ChargerRateLimit,
    private readonly log: Logger,
    private readonly send: (frame: string) => void,
    private readonly direct: ((data: RawData) => boolean) | undefined,
  ) {
    this.limiter = new ChargerRateLimiter(limit);
  }

  onMessage(ws: object, data: RawData, isBinary: boolean): void {
    if (this.closing) return;
    if (isBinary) {
      this.log.warn('binary frame from charger; closing (OCPP-J uses text frames)');
      this.closeFor(CLOSE_UNSUPPORTED_DATA, 'OCPP-J frames must be text frames');
      return;
    }
    const verdict = this.limiter.check();
    if (verdict === 'pass') {
      if (this.direct?.(data)) return;
      for (const l of this.inner) l.call(ws, data, isBinary);
      return;
    }
    if (verdict === 'close') {
      this.log.warn({ refused: this.refused, ...this.limit }, 'charger kept sending above its rate limit; closing');
      this.closeFor(CLOSE_POLICY_VIOLATION, 'rate limit exceeded');
      return;
    }
    if (this.refused++ === 0) this.log.warn({ ...this.limit }, 'charger above its rate limit; refusing messages');
    this.refuse(ws, data);
  }

  private closeFor(code: number, reason: string): void {
    this.closing = true;
    void this.client.close({ code, reason });
  }

  private refuse(ws: object, data: RawData): void {
    let msg: unknown;
    try {
      msg = JSON.parse(String(data));
    } catch {
      return; // garbage above the rate: not worth an answer
    }
    if (!Array.isArray(msg)) return;
    // Answers to our own CALLs pass: refusing them would only fail the command that is waiting.
    if (msg[0] === 3 || msg[0] === 4) {
      for (const l of this.inner) l.call(ws, data, false);
      return;
    }
    if (msg[0] === 2 && typeof msg[1] === 'string') {
      this.send(JSON.stringify([4, msg[1], 'GenericError', `rate limit exceeded (${this.limit.ratePerS} messages/s, burst ${this.limit.rateBurst}); retry later`, {}]));
    }
  }
}
