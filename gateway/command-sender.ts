import ocppRpc from 'ocpp-rpc';
import type { Logger } from 'pino';
import type { CommandTransport } from '../core/commands/command-transport.ts';
import type { ChargerId } from '../core/domain/charger.ts';
import type { ChargerCommand, CommandOutcome } from '../core/domain/commands.ts';
import type { CallContext, CommandMapper } from './adapters/command-mapping.ts';
import { toOcpp16 } from './adapters/v16-commands.ts';
import { toOcpp2 } from './adapters/v2-commands.ts';
import type { ConnectionTable } from './connections.ts';

// ocpp-rpc spreads its error classes into module.exports, which Node's ESM loader cannot name-import.
const { TimeoutError } = ocppRpc;

/** Delivers commands over the sockets this gateway node holds. */
export class GatewayCommandSender implements CommandTransport {
  constructor(
    private readonly connections: ConnectionTable,
    private readonly log: Logger,
    private readonly timeoutMs: number,
  ) {}

  async isConnected(chargerId: ChargerId): Promise<boolean> {
    return this.connections.get(chargerId) !== undefined;
  }

  async send(chargerId: ChargerId, command: ChargerCommand, ctx: CallContext): Promise<CommandOutcome> {
    const conn = this.connections.get(chargerId);
    if (!conn) return { status: 'failed', error: 'the charger is not connected to this gateway' };
    const mapper: CommandMapper = conn.ocppVersion === '1.6' ? toOcpp16 : toOcpp2;
    const call = mapper(command, ctx);
    if (!call) {
      return { status: 'failed', error: `${command.kind} with these parameters is not available in OCPP ${conn.ocppVersion}` };
    }
    try {
      const response = (await conn.client.call(call.action, call.params, { callTimeoutMs: this.timeoutMs })) as Record<string, unknown>;
      return call.read(response ?? {});
    } catch (err) {
      if (err instanceof TimeoutError) return { status: 'timed_out' };
      const e = err as { rpcErrorCode?: string; message: string };
      this.log.info({ chargerId, action: call.action, err }, 'command failed');
      return { status: 'failed', error: e.rpcErrorCode ? `${e.rpcErrorCode}: ${e.message}` : e.message };
    }
  }
}
