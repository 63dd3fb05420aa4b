import { randomUUID } from 'node:crypto';
import type { ChargerContext } from './charger-context.ts';
import type { FaultController } from './faults/fault-controller.ts';
import type {
  ChargerPort, ConnectorRef, ConnectorStatus, FirmwareRequest, LogRequest, Outbound, TriggerTarget,
} from './protocol/protocol.ts';
import type { SessionController } from './sessions.ts';
import type { SettingDef } from './settings.ts';
import type { FirmwareUpdater } from './transfers/firmware-update.ts';
import type { LogUploader } from './transfers/log-upload.ts';

// The neutral answers to CSMS commands: what a real charger would do, whatever the OCPP version.

export class ChargerCommands implements ChargerPort {
  private pendingSoftReset = false;

  constructor(
    private readonly ctx: ChargerContext,
    private readonly sessions: SessionController,
    private readonly faults: FaultController,
    private readonly firmware: FirmwareUpdater,
    private readonly logs: LogUploader,
    private readonly heartbeatNow: () => void,
    private readonly bootNow: () => void,
    /** applies a changed setting at once (e.g. restarts the heartbeat with its new interval) */
    private readonly settingChanged: (name: string) => void,
  ) {}

  get config() { return this.ctx.config; }
  get settings() { return this.ctx.settings; }
  get connectors(): readonly ConnectorRef[] { return this.ctx.model.connectors.map((c) => c.ref); }
  get bootAccepted(): boolean { return this.ctx.model.bootAccepted; }

  connectorStatus(connector: ConnectorRef | undefined): ConnectorStatus {
    return this.ctx.model.statusOf(connector?.flatId ?? 0);
  }

  connectorByEvse(evseId: number, connectorId: number | undefined): ConnectorRef | undefined {
    return this.ctx.model.connectors.find((c) => c.ref.evseId === evseId && (connectorId === undefined || c.ref.connectorId === connectorId))?.ref;
  }

  reset(kind: 'soft' | 'hard'): 'Accepted' | 'Rejected' | 'Scheduled' {
    const busy = this.ctx.model.sessions().length > 0;
    // 2.x OnIdle with a running session: Scheduled, reboot once it ends (B12). 1.6 soft reset stops it.
    if (kind === 'soft' && busy && this.ctx.protocol.version !== '1.6') {
      if (!this.pendingSoftReset) {
        this.pendingSoftReset = true;
        const waitIdle = () => {
          if (this.ctx.model.sessions().length === 0) this.ctx.reboot('soft', 'RemoteReset');
          else this.ctx.scheduler.after(this.ctx.ms(1), waitIdle);
        };
        waitIdle();
      }
      return 'Scheduled';
    }
    this.pendingSoftReset = false;
    // Reboot after the answer has gone out.
    setImmediate(() => this.ctx.reboot(kind, 'RemoteReset'));
    return 'Accepted';
  }

  trigger(target: TriggerTarget, ref: ConnectorRef | undefined): 'Accepted' | 'Rejected' | 'NotImplemented' {
    const { model: state, messenger, protocol } = this.ctx;
    const c = ref ? state.connector(ref.flatId) : undefined;
    const later = (fn: () => void) => setImmediate(fn);
    switch (target) {
      case 'BootNotification':
        later(this.bootNow);
        return 'Accepted';
      case 'Heartbeat':
        later(this.heartbeatNow);
        return 'Accepted';
      case 'StatusNotification':
        later(() => (c ? messenger.reportStatus(c, true) : messenger.reportAllStatuses(true)));
        return 'Accepted';
      case 'MeterValues':
        later(() => {
          this.sessions.advanceMeters();
          for (const tc of c ? [c] : state.connectors) {
            const out = protocol.meterValues(tc.ref, tc.meter.read(), new Date(), 'Trigger', this.ctx.settings.get('meterValuesSampledData'));
            void messenger.send(out);
          }
        });
        return 'Accepted';
      case 'TransactionEvent':
        if (!c?.session) return 'Rejected';
        later(() => this.sessions.sampleNow(c, 'Trigger'));
        return 'Accepted';
      case 'FirmwareStatusNotification':
        later(() => void messenger.send(protocol.firmwareStatus(this.firmware.status === 'Installed' ? 'Idle' : this.firmware.status, this.firmware.requestId)));
        return 'Accepted';
      case 'DiagnosticsStatusNotification':
      case 'LogStatusNotification': {
        const kind = target === 'DiagnosticsStatusNotification' ? 'diagnostics' : 'log';
        const status = this.logs.status === 'Uploading' ? 'Uploading' : 'Idle';
        later(() => void messenger.send(protocol.uploadStatus(status, kind, this.logs.requestId)));
        return 'Accepted';
      }
    }
  }

  changeSetting(def: SettingDef, value: string): 'Accepted' | 'Rejected' | 'RebootRequired' {
    const result = this.ctx.settings.set(def, value);
    if (result === 'Rejected') return result;
    this.ctx.logRing.add(`configuration ${def.name} changed`);
    this.settingChanged(def.name);
    if (def.name === 'basicAuthPassword') {
      // A01: reconnect with the new password once the answer is out.
      this.ctx.connection.setPassword(value);
      setImmediate(() => this.ctx.connection.dropFor(0));
    }
    return result;
  }

  changeAvailability(ref: ConnectorRef | undefined, operative: boolean): 'Accepted' | 'Rejected' | 'Scheduled' {
    const { model: state, messenger } = this.ctx;
    const targets = ref ? [state.connector(ref.flatId)!] : state.connectors;
    let scheduled = false;
    if (!ref) state.stationOperative = operative;
    for (const c of targets) {
      if (!operative && c.session) {
        c.inoperativeWhenIdle = true;
        scheduled = true;
      } else {
        c.operative = operative;
        c.inoperativeWhenIdle = false;
      }
    }
    setImmediate(() => (ref ? messenger.reportStatus(state.connector(ref.flatId)) : messenger.reportAllStatuses()));
    return scheduled ? 'Scheduled' : 'Accepted';
  }

  unlock(ref: ConnectorRef | undefined, stopOngoing: boolean): 'Unlocked' | 'UnlockFailed' | 'OngoingAuthorizedTransaction' | 'UnknownConnector' {
    const c = ref ? this.ctx.model.connector(ref.flatId) : undefined;
    if (!c) return 'UnknownConnector';
    if (c.session) {
      if (!stopOngoing) return 'OngoingAuthorizedTransaction';
      this.sessions.stop(c, 'UnlockCommand', 'UnlockCommand');
    }
    const unlocked = this.faults.onUnlock(c);
    this.ctx.logRing.add(`unlock connector=${c.ref.flatId} ${unlocked ? 'ok' : 'failed'}`);
    return unlocked ? 'Unlocked' : 'UnlockFailed';
  }

  clearCache(): 'Accepted' | 'Rejected' {
    return this.ctx.settings.get('authCacheEnabled') === 'true' ? 'Accepted' : 'Rejected';
  }

  dataTransfer(vendorId: string, messageId: string | undefined, data: unknown) {
    if (vendorId !== this.ctx.config.dataTransferVendorId) return { status: 'UnknownVendorId' as const };
    if (messageId === 'Echo') return { status: 'Accepted' as const, data: typeof data === 'string' ? data : JSON.stringify(data ?? null) };
    if (messageId === 'GetState') return { status: 'Accepted' as const, data: JSON.stringify({ firmwareVersion: this.ctx.model.firmwareVersion, faults: this.ctx.model.faults.size }) };
    return { status: 'UnknownMessageId' as const };
  }

  updateFirmware(request: FirmwareRequest): 'Accepted' | 'Rejected' {
    return this.firmware.start(request);
  }

  uploadLog(request: LogRequest) {
    return this.logs.start(request);
  }

  remoteStart(ref: ConnectorRef | undefined, idTag: string, remoteStartId: number | undefined) {
    const { model: state } = this.ctx;
    const c = ref ? state.connector(ref.flatId) : state.connectors.find((x) => this.sessions.canStart(x));
    if (!c || !this.sessions.canStart(c)) return { accepted: false, transactionId: undefined };
    // Start once the answer is out (F01: RequestStartTransaction answered before TransactionEvent Started).
    const transactionId = this.ctx.protocol.version === '1.6' ? undefined : randomUUID();
    setImmediate(() => this.sessions.start(c, idTag, { remoteStartId, idTokenType: 'Central', ...(transactionId ? { transactionId } : {}) }));
    return { accepted: true, transactionId };
  }

  remoteStop(transactionId: string): boolean {
    const c = this.sessions.findByTransactionId(transactionId);
    if (!c) return false;
    setImmediate(() => this.sessions.stop(c, 'Remote', 'RemoteStop'));
    return true;
  }

  sendAfterReply(messages: Outbound[]): void {
    setImmediate(() => {
      for (const m of messages) void this.ctx.messenger.send(m, this.ctx.connection.isOpen);
    });
  }
}
