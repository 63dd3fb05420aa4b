import type { Logger } from 'pino';
import type { PrismaClient } from '../core/db/database.ts';
import type { JobLease } from '../core/bulk/job-lease.ts';
import type { CommandService } from '../core/commands/command-service.ts';
import type { EventBus } from '../core/event-bus.ts';
import type { FirmwareStore } from '../core/files/firmware-store.ts';
import type { UploadSlots } from '../core/files/upload-slots.ts';
import type { UsersDeps } from '../core/users/auth-policy.ts';
import type { TelemetryStore } from '../telemetry/types.ts';
import type { ApiConfig } from './config.ts';

/** The part of the gateway the API reads (an interface: the API may run in a process without sockets). */
export interface GatewayStatus {
  connectedCount(): number;
  /** OCPP messages received so far, by action (a monotonic counter), when the gateway counts them */
  messagesByAction?(): Iterable<[action: string, count: number]>;
}

/** A dependency /readyz checks (PostgreSQL and telemetry are always checked; add Redis etc. here). */
export interface ReadinessCheck {
  name: string;
  check(): Promise<boolean>;
}

/** Told when subscriptions change, so this node's dispatcher sees them at once. */
export interface WebhookNotifier {
  subscriptionsChanged(): Promise<void>;
}

/** The shared infrastructure every API area sees (decorated once on the root instance as `app.deps`). */
export interface ApiDeps {
  prisma: PrismaClient;
  telemetry: TelemetryStore;
  bus: EventBus;
  log: Logger;
  config: ApiConfig;
  gateway: GatewayStatus | undefined;
  readiness: ReadinessCheck[];
  webhooks: WebhookNotifier | undefined;
  now: () => Date;
  users: UsersDeps;
  /** hosted firmware images and one-time log upload slots (absent in an API-only test app) */
  files: { firmware: FirmwareStore; uploads: UploadSlots } | undefined;
  /** remote commands (absent in an API-only test app: the routes that send commands are not registered) */
  commands: CommandService | undefined;
  /** who holds the bulk jobs and firmware campaigns started on this node, and for how long without renewal */
  jobs: JobLease;
}
