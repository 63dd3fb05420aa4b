import type { ChargerContext } from '../charger-context.ts';
import type { FirmwareRequest, FirmwareStatus } from '../protocol/protocol.ts';
import { download, type Downloaded } from './http-transfer.ts';

// L01 / 1.6 §5.19 firmware update: wait for retrieveDate, download over HTTP(S) with the requested
// retries, install, reboot, boot with the new version (BootNotification reason FirmwareUpdate in 2.x)
// and report Installed after that boot. An empty image fails installation; a failed download (404,
// refused connection) after the last retry reports DownloadFailed and nothing changes.

export class FirmwareUpdater {
  status: FirmwareStatus = 'Idle';
  requestId: number | undefined;
  /** set while a reboot into new firmware is pending: reported as Installed after the next boot */
  private installedVersion: string | undefined;

  constructor(private readonly ctx: ChargerContext) {}

  start(request: FirmwareRequest): 'Accepted' | 'Rejected' {
    if (this.status === 'Downloading' || this.status === 'Installing') return 'Rejected';
    this.requestId = request.requestId;
    const waitMs = Math.max(0, request.retrieveAt.getTime() - Date.now());
    if (waitMs > 0) this.report('DownloadScheduled');
    this.ctx.scheduler.after(waitMs, () => void this.run(request, request.retries));
    return 'Accepted';
  }

  /** After every accepted boot: the end of an update that rebooted the charger. */
  afterBoot(): void {
    if (this.installedVersion === undefined) return;
    this.installedVersion = undefined;
    this.report('Installed');
    this.status = 'Idle';
  }

  report(status: FirmwareStatus): void {
    this.status = status;
    this.ctx.logRing.add(`firmware ${status}`);
    this.ctx.events.emit('firmware', { status, requestId: this.requestId });
    this.ctx.messenger.sendWhenOnline(this.ctx.protocol.firmwareStatus(status, this.requestId));
  }

  private async run(request: FirmwareRequest, retriesLeft: number): Promise<void> {
    this.report('Downloading');
    let image: Downloaded;
    try {
      image = await download(request.location, { caPem: this.ctx.config.security.caPem, timeoutMs: 60_000 });
    } catch (err) {
      this.ctx.log.info({ err: String(err), location: request.location }, 'firmware download failed');
      if (retriesLeft > 0) {
        this.ctx.scheduler.after(this.ctx.ms(request.retryIntervalS), () => void this.run(request, retriesLeft - 1));
        return;
      }
      this.report('DownloadFailed');
      this.status = 'Idle';
      return;
    }
    this.report('Downloaded');
    if (image.bytes === 0) {
      this.report('InstallationFailed');
      this.status = 'Idle';
      return;
    }
    this.waitForIdle(() => this.install(request.location, image));
  }

  private install(location: string, image: Downloaded): void {
    this.report('Installing');
    const version = versionOf(location, image, this.ctx.model.firmwareVersion);
    this.ctx.log.info({ version, bytes: image.bytes, sha256: image.sha256 }, 'installing firmware');
    if (this.ctx.protocol.version !== '1.6') this.report('InstallRebooting');
    this.installedVersion = version;
    this.ctx.model.firmwareVersion = version;
    // Give the status notifications a moment to leave before the socket closes.
    this.ctx.scheduler.after(50, () => this.ctx.reboot('hard', 'FirmwareUpdate'));
  }

  /** Installing ends running sessions; wait for them as real chargers do. */
  private waitForIdle(then: () => void): void {
    if (this.ctx.model.sessions().length === 0) then();
    else this.ctx.scheduler.after(this.ctx.ms(5), () => this.waitForIdle(then));
  }
}

/**
 * The version of an image: a first line `CHARGEMEND-FIRMWARE <version>`, else a version in the file
 * name (…/charger-2.4.1.bin), else the old version tagged with the image's hash.
 */
export function versionOf(location: string, image: Downloaded, current: string): string {
  const header = /^CHARGEMEND-FIRMWARE ([^\s]{1,50})/.exec(image.head);
  if (header?.[1]) return header[1];
  const file = decodeURIComponent(new URL(location).pathname.split('/').pop() ?? '');
  const named = /(\d+\.\d+(?:\.\d+)?(?:[-+][\w.]+)?)(?=\.(?:bin|img|fw|tar|tgz|zip|swu)$|$)/i.exec(file);
  if (named?.[1]) return named[1].slice(0, 50);
  return `${current.slice(0, 40)}+${image.sha256.slice(0, 8)}`;
}
