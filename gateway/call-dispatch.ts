import { createRPCError, RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { RawData } from 'ws';
import { compiledSchema, schemaActions, type OcppSubprotocol } from '../ocpp/validators.ts';
import type { ActionHandler, ActionTable, AdapterContext } from './adapters/adapter.ts';
import { rpcInternals, type RpcClientInternals } from './rpc-internals.ts';

// How a CALL from a charger is answered. Two paths, one behaviour:
//
// - the direct path (the common case): a well-formed CALL of an action we serve, on a registered and open
//   connection, with params that pass the version's schema. It is parsed once, checked with the schema's
//   compiled ajv function, handled, its response checked, and answered — synchronously when the handler
//   is (Heartbeat, MeterValues, most notifications), with no promise, AbortController or per-call object
//   of ocpp-rpc's in between. At 10,000 MeterValues/s that per-call machinery was most of the gateway's
//   time besides the socket write (BENCHMARKS.md, throughput and latency).
// - ocpp-rpc (everything else): frames that are not a CALL (answers to our own CALLs), malformed frames,
//   schema violations, actions we recognise but do not serve, calls on a connection whose record is not
//   written yet. ocpp-rpc keeps its strict validation, its error frames and its bad-message count for all
//   of those, and hands valid CALLs to one wildcard handler per connection (`slowCall`).
// The fuzz suite (test/fuzz) holds both paths to the same error codes per OCPP version.

type Check = (data: unknown) => boolean;

interface ServedAction {
  readonly handle: ActionHandler;
  readonly request: Check;
  readonly response: Check;
}

/** The actions of one subprotocol, their handlers and compiled schema checks: built once per process. */
export class ProtocolDispatch {
  private readonly served = new Map<string, ServedAction>();
  private readonly known: ReadonlySet<string>;

  constructor(
    readonly protocol: OcppSubprotocol,
    table: ActionTable,
  ) {
    this.known = new Set(schemaActions(protocol));
    for (const [action, handle] of Object.entries(table)) {
      this.served.set(action, { handle, request: compiledSchema(protocol, `urn:${action}.req`), response: compiledSchema(protocol, `urn:${action}.conf`) });
    }
  }

  action(name: string): ServedAction | undefined {
    return this.served.get(name);
  }

  /** in the version's schema set (ocpp-rpc validates it, then we refuse it with NotSupported) */
  recognises(name: string): boolean {
    return this.known.has(name);
  }
}

/**
 * Answers the CALLs of one connection. One instance per connection: its context, whether the connection
 * record exists, and the message ids of CALLs it is still answering.
 */
export class ConnectionCalls {
  /** the connection record is written: handlers may rely on it */
  ready = false;
  private pending: Set<string> | undefined;
  private readonly rpc: RpcClientInternals;

  constructor(
    private readonly client: RPCClient,
    private readonly dispatch: ProtocolDispatch,
    private readonly ctx: AdapterContext,
    private readonly registered: Promise<void>,
    private readonly counted: (action: string) => void,
    private readonly log: Logger,
  ) {
    this.rpc = rpcInternals(client);
  }

  /**
   * The direct path for one text frame. Returns false when ocpp-rpc should take the frame instead (it then
   * parses it again: only unusual frames pay that).
   */
  direct(data: RawData): boolean {
    let msg: unknown;
    try {
      msg = JSON.parse(data.toString());
    } catch {
      return false;
    }
    if (!Array.isArray(msg) || msg[0] !== 2 || typeof msg[1] !== 'string' || typeof msg[2] !== 'string') return false;
    const id = msg[1];
    const action = msg[2];
    const served = this.dispatch.action(action);
    const rpc = this.rpc;
    if (!served) {
      if (this.dispatch.recognises(action)) return false;
      // ocpp-rpc's own answer when no handler exists (RPCClient#_onCall); a wildcard handler would
      // otherwise make it look for a schema the version does not have.
      rpc._badMessagesCount = 0;
      this.counted(action);
      this.send(JSON.stringify([4, id, 'NotImplemented', `Unable to handle '${action}' calls`, {}]));
      return true;
    }
    if (!this.ready || this.client.state !== RPCClient.OPEN || rpc._pendingResponses.has(id)) return false;
    const params = msg[3];
    if (!served.request(params)) return false;
    rpc._badMessagesCount = 0;
    if (this.pending?.has(id)) {
      this.send(JSON.stringify([4, id, 'RpcFrameworkError', `Already processing a call with message ID: ${id}`, {}]));
      return true;
    }
    this.ctx.inbox.seen(this.ctx.chargerId);
    this.counted(action);
    let result: unknown;
    try {
      result = served.handle(this.ctx, params as never);
    } catch (err) {
      this.failed(id, action, err);
      return true;
    }
    if (!(result instanceof Promise)) {
      this.answer(id, action, served, result);
      return true;
    }
    const pending = (this.pending ??= new Set());
    pending.add(id);
    result.then(
      (r: unknown) => this.answer(id, action, served, r),
      (err: unknown) => this.failed(id, action, err),
    ).finally(() => {
      pending.delete(id);
      // a charger is mostly idle: no empty set kept per connection between its calls
      if (pending.size === 0 && this.pending === pending) this.pending = undefined;
    });
    return true;
  }

  /**
   * ocpp-rpc's wildcard handler: valid CALLs that did not take the direct path. A method, handed over as
   * `(call) => calls.slowCall(call)`: a class-field arrow would be one more named closure per connection.
   */
  async slowCall({ method, params }: { method?: string; params?: unknown }): Promise<Record<string, unknown>> {
    const action = method ?? '?';
    this.ctx.inbox.seen(this.ctx.chargerId);
    this.counted(action);
    const served = this.dispatch.action(action);
    if (!served) {
      this.log.info({ action }, 'charger sent an action we do not serve');
      throw createRPCError('NotSupported', `${action} is not supported by this central system`);
    }
    try {
      await this.registered;
      return (await served.handle(this.ctx, params as never)) as Record<string, unknown>;
    } catch (err) {
      this.log.error({ err, action }, 'handler failed');
      throw createRPCError('InternalError', 'temporary failure, please retry');
    }
  }

  private answer(id: string, action: string, served: ServedAction, result: unknown): void {
    if (!served.response(result)) {
      // our bug, not the charger's: ocpp-rpc's strict mode answers InternalError too
      this.log.error({ action, result }, 'our response failed the schema');
      this.send(JSON.stringify([4, id, 'InternalError', 'internal error', {}]));
      return;
    }
    const frame = JSON.stringify([3, id, result]);
    // A CALLRESULT needs none of sendRaw's work (error-code rewriting, ocpp-rpc's 'message' event): straight
    // to the socket while it is open.
    const ws = this.rpc._ws;
    if (ws && this.client.state === RPCClient.OPEN) ws.send(frame);
    else this.send(frame);
  }

  /**
   * Never a bare Error back to a charger: the database or another dependency failed, the message is
   * valid — InternalError tells the charger to retry (OCPP-J RPC framework).
   */
  private failed(id: string, action: string, err: unknown): void {
    this.log.error({ err, action }, 'handler failed');
    this.send(JSON.stringify([4, id, 'InternalError', 'temporary failure, please retry', {}]));
  }

  private send(frame: string): void {
    try {
      this.client.sendRaw(frame);
    } catch {
      // the socket closed while the handler ran: nobody left to answer
    }
  }
}
