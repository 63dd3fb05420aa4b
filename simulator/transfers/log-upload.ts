import type { ChargerContext } from '../charger-context.ts';
import type { LogRequest, UploadStatus } from '../protocol/protocol.ts';
import { upload } from './http-transfer.ts';

// 1.6 GetDiagnostics (DiagnosticsStatusNotification) and GetLog (LogStatusNotification, N01): the charger
// writes its recent log lines to a file and uploads it to the location given. A new request while one is
// running cancels the old one (2.x AcceptedCanceled).

export class LogUploader {
  status: UploadStatus = 'Idle';
  requestId: number | undefined;
  private kind: LogRequest['kind'] = 'log';
  private current: AbortController | undefined;

  constructor(private readonly ctx: ChargerContext) {}

  start(request: LogRequest): { status: 'Accepted' | 'AcceptedCanceled'; fileName: string } {
    let status: 'Accepted' | 'AcceptedCanceled' = 'Accepted';
    if (this.current) {
      this.current.abort();
      this.report('AcceptedCanceled');
      status = 'AcceptedCanceled';
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const fileName = `${this.ctx.config.id}-${request.kind === 'diagnostics' ? 'diagnostics' : 'log'}-${stamp}.log`;
    const ac = new AbortController();
    this.current = ac;
    this.kind = request.kind;
    this.requestId = request.requestId;
    this.ctx.scheduler.after(0, () => void this.run(request, fileName, request.retries, ac));
    return { status, fileName };
  }

  report(status: UploadStatus): void {
    this.status = status;
    this.ctx.events.emit('upload', { status, requestId: this.requestId });
    this.ctx.messenger.sendWhenOnline(this.ctx.protocol.uploadStatus(status, this.kind, this.requestId));
  }

  private async run(request: LogRequest, fileName: string, retriesLeft: number, ac: AbortController): Promise<void> {
    if (ac.signal.aborted) return;
    this.report('Uploading');
    const { config, model: state } = this.ctx;
    const header = [
      `# ${config.vendor} ${config.model} ${config.id} firmware ${state.firmwareVersion} OCPP ${config.ocppVersion}`,
      `# generated ${new Date().toISOString()}`,
    ].join('\n');
    const content = Buffer.from(this.ctx.logRing.render(header, request.from, request.to), 'utf8');
    try {
      await upload(request.location, fileName, content, config.logUploadMethod, { caPem: config.security.caPem, signal: ac.signal });
    } catch (err) {
      if (ac.signal.aborted) return;
      this.ctx.log.info({ err: String(err), location: request.location }, 'log upload failed');
      if (retriesLeft > 0) {
        this.ctx.scheduler.after(this.ctx.ms(request.retryIntervalS), () => void this.run(request, fileName, retriesLeft - 1, ac));
        return;
      }
      this.current = undefined;
      this.report('UploadFailed');
      return;
    }
    this.current = undefined;
    this.ctx.logRing.add(`log uploaded ${fileName} (${content.length} bytes)`);
    this.report('Uploaded');
  }
}
