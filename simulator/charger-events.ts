import type { GroundTruthRecord } from './faults/ground-truth-log.ts';
import type { BootReason, FirmwareStatus, UploadStatus } from './protocol/protocol.ts';

/** Events a VirtualCharger emits (tests await these instead of sleeping). */
export interface ChargerEvents {
  connected: [];
  disconnected: [{ code: number | undefined; reason: string | undefined }];
  reconnecting: [{ attempt: number; delayMs: number }];
  booted: [{ reason: BootReason; firmwareVersion: string }];
  bootRefused: [{ status: 'Pending' | 'Rejected'; retryInMs: number }];
  rebooting: [{ kind: 'soft' | 'hard'; reason: BootReason }];
  /** a CSMS call arrived (before it is answered) */
  command: [{ action: string; params: unknown }];
  /** a CALL was sent and answered */
  sent: [{ action: string; payload: object; answer: unknown }];
  sendFailed: [{ action: string; error: string }];
  fault: [GroundTruthRecord];
  firmware: [{ status: FirmwareStatus; requestId: number | undefined }];
  upload: [{ status: UploadStatus; requestId: number | undefined }];
  sessionStarted: [{ connectorId: number; transactionId: string | undefined }];
  sessionEnded: [{ connectorId: number; transactionId: string | undefined; energyWh: number }];
  protocolError: [{ action: string; outbound: boolean; error: string }];
}
