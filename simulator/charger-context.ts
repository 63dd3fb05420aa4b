import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { ChargerState } from './charger-state.ts';
import type { ChargerConfig } from './config.ts';
import type { ChargerConnection } from './connection.ts';
import type { GroundTruthSink } from './faults/ground-truth-log.ts';
import type { LogRing } from './log-ring.ts';
import type { Messenger } from './messenger.ts';
import type { BootReason, ProtocolModule } from './protocol/protocol.ts';
import type { Random } from './random.ts';
import type { Scheduler } from './scheduler.ts';
import type { SettingsStore } from './settings.ts';
import type { ChargerEvents } from './charger-events.ts';

/** What the pieces of one virtual charger share (built once in virtual-charger.ts). */
export interface ChargerContext {
  readonly config: ChargerConfig;
  readonly protocol: ProtocolModule;
  readonly scheduler: Scheduler;
  readonly random: Random;
  readonly log: Logger;
  readonly model: ChargerState;
  readonly settings: SettingsStore;
  readonly connection: ChargerConnection;
  readonly messenger: Messenger;
  readonly logRing: LogRing;
  readonly groundTruth: GroundTruthSink | undefined;
  readonly events: EventEmitter<ChargerEvents>;
  /** simulated seconds → real milliseconds */
  ms(seconds: number): number;
  reboot(kind: 'soft' | 'hard', reason: BootReason): void;
}
