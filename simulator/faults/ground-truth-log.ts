import { createWriteStream, type WriteStream } from 'node:fs';
import type { OcppVersion } from '../config.ts';
import type { ClearsBy, ExpectedSeverity } from './fault-catalogue.ts';
import type { FaultKind } from './fault-spec.ts';

/** One JSON line per injected or cleared fault: what a perfect diagnosis would have said. */
export interface GroundTruthRecord {
  ts: string;
  chargerId: string;
  ocppVersion: OcppVersion;
  faultId: string;
  kind: FaultKind;
  /** the fault's parameters and where it is (connectorId in 1.6 numbering, evseId/connector for 2.x) */
  detail: Record<string, unknown>;
  expectedSeverity: ExpectedSeverity;
  /** the fault's clearing class */
  clearsBy: ClearsBy;
  /** the remote action that can clear it, or null when only time or a repair visit can */
  clearableBy: 'soft-reset' | 'hard-reset' | 'unlock' | null;
  event: 'injected' | 'cleared';
  clearedBy?: ClearsBy;
}

export interface GroundTruthSink {
  write(record: GroundTruthRecord): void;
  close(): Promise<void>;
}

/** Appends JSON lines to a file. */
export class GroundTruthLog implements GroundTruthSink {
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'a' });
  }

  write(record: GroundTruthRecord): void {
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** Keeps records in memory (tests, and fleets without a file). */
export class MemoryGroundTruth implements GroundTruthSink {
  readonly records: GroundTruthRecord[] = [];

  write(record: GroundTruthRecord): void {
    this.records.push(record);
  }

  async close(): Promise<void> {}
}
