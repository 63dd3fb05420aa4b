import { RPCClient } from 'ocpp-rpc';
import { strictModeValidators, type OcppSubprotocol } from '../../ocpp/validators.ts';

/** A bare OCPP client (no simulator behaviour) for gateway tests: strict mode, no reconnects. */
export function ocppClient(url: string, identity: string, protocol: OcppSubprotocol, password?: string, strict = true): RPCClient {
  // ocpp-rpc's typings mark every option required although all but endpoint/identity have defaults
  type Options = ConstructorParameters<typeof RPCClient>[0];
  const options: Partial<Options> = {
    endpoint: url,
    identity,
    protocols: [protocol],
    ...(password ? { password } : {}),
    strictMode: strict,
    strictModeValidators,
    reconnect: false,
    callTimeoutMs: 5_000,
  };
  return new RPCClient(options as Options);
}

/** Resolves when `check` returns a value other than undefined/false, polling with a bounded wait. */
export async function eventually<T>(check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
