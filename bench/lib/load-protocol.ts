// The messages between a bench script and its load processes (bench/lib/load-worker.ts), over IPC.

export interface FrameSpec {
  action: string;
  /** the CALL payload, serialised once */
  payloadJson: string;
  /** relative share of the traffic */
  weight: number;
}

export type LoadJob =
  /** open sockets for `ids` (at most `concurrency` opening at once; 0 = all at once), then BootNotification each */
  | { kind: 'connect'; url: string; ids: string[]; localAddresses: string[]; concurrency: number; boot: boolean }
  /** every connected client keeps one CALL in flight for `durationMs` */
  | { kind: 'closed-loop'; frames: FrameSpec[]; durationMs: number }
  /** CALLs at a fixed total rate over the connected clients, for `durationMs`; latencies returned */
  | { kind: 'rate'; frames: FrameSpec[]; ratePerS: number; durationMs: number }
  /** close every socket (code 1000) and wait until they are closed */
  | { kind: 'close' }
  | { kind: 'exit' };

export interface ConnectResult {
  kind: 'connect';
  opened: number;
  booted: number;
  errors: number;
  /** a few distinct error messages, for the table */
  errorSamples: string[];
  elapsedMs: number;
  /** per client: ms from the job's start until its boot was accepted */
  bootedAtMs: number[];
}

export interface TrafficResult {
  kind: 'closed-loop' | 'rate';
  calls: number;
  errors: number;
  errorSamples: string[];
  /** CALLs that could not be sent on time because every client had one in flight */
  late: number;
  elapsedMs: number;
  /** round-trip times in ms (rate jobs; closed-loop jobs return a sample) */
  latenciesMs: number[];
  cpuUs: number;
}

export type LoadResult = ConnectResult | TrafficResult | { kind: 'close'; closed: number } | { kind: 'error'; message: string };
