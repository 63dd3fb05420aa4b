import type { ChargerId } from '../domain/charger.ts';
import type { ChargerCommand, CommandOutcome } from '../domain/commands.ts';

// What api/worker nodes and gateway nodes say to each other about commands (JSON over Redis pub/sub).

export interface CommandRequest {
  /** matches the reply to its request */
  corr: string;
  /** the requester's reply channel */
  replyTo: string;
  chargerId: ChargerId;
  command: ChargerCommand;
  ctx: { requestId: number; uploadUrl?: string | undefined };
}

export interface CommandReply {
  corr: string;
  outcome: CommandOutcome;
}

export const commandChannel = (nodeId: string) => `cmd:${nodeId}`;
export const replyChannel = (nodeId: string) => `reply:${nodeId}`;
