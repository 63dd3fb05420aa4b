import type { Logger } from 'pino';
import type { CommandService } from '../commands/command-service.ts';
import type { PrismaClient } from '../db/database.ts';
import type { Prisma } from '../db/generated/client.ts';
import type { EventBus } from '../event-bus.ts';
import type { TelemetryStore } from '../../telemetry/types.ts';

/** What the workflow needs of the command service: issue a command and wait for its end. */
export type CommandPort = Pick<CommandService, 'issue' | 'waitForFinal' | 'isConnected'>;

/** The dependencies of the after-sales use cases, built once in the composition root. */
export interface WorkflowDeps {
  prisma: PrismaClient;
  bus: EventBus;
  log: Logger;
  now: () => Date;
  /** absent where no gateway runs (an API-only node): use cases that talk to chargers refuse then */
  commands?: CommandPort | undefined;
  /** where a fresh meter check finds the readings' timestamps when their event was seen on another node */
  telemetry?: Pick<TelemetryStore, 'latest'> | undefined;
  /** how long a fresh check waits for the charger's message after its TriggerMessage was accepted */
  freshCheckWaitMs?: number | undefined;
}

/** A Prisma client or the client of an interactive transaction. */
export type Db = PrismaClient | Prisma.TransactionClient;

/** "user:<id>" — how timelines and records name a person. */
export const userActor = (userId: string) => `user:${userId}`;
