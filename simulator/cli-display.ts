import type { Fleet, FleetSummary } from './fleet/fleet.ts';
import type { SimulateIo } from './cli.ts';

// The CLI's terminal output (the only place the simulator writes to the console): one live status line
// on a terminal, and a closing summary.

export class FleetDisplay {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly fleet: Fleet,
    private readonly io: SimulateIo,
    private readonly live: boolean,
  ) {}

  start(): void {
    if (!this.live) return;
    this.timer = setInterval(() => this.render(), 1000);
    this.render();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live) this.io.stdout.write('\n');
  }

  printSummary(s: FleetSummary): void {
    const versions = Object.entries(s.byVersion).map(([v, n]) => `${v}:${n}`).join(' ');
    this.io.stdout.write(
      [
        `chargers ${s.chargers} (${versions}), connected ${s.connected}, booted ${s.booted}`,
        `messages ${s.messages} (${s.messagesPerSecond}/s), sessions ${s.sessionsStarted}, reconnects ${s.reconnects}`,
        `faults injected ${s.faultsInjected}, cleared ${s.faultsCleared}, commands received ${s.commandsReceived}, ran ${s.uptimeS} s`,
      ].join('\n') + '\n',
    );
  }

  private render(): void {
    const s = this.fleet.summary();
    const bar = progress(s.booted, s.chargers);
    this.io.stdout.write(
      `\r\x1b[2K${bar} booted ${s.booted}/${s.chargers}  connected ${s.connected}  msgs/s ${s.messagesPerSecond}  faults ${s.faultsInjected}  commands ${s.commandsReceived}  ${s.uptimeS}s`,
    );
  }
}

function progress(done: number, total: number, width = 20): string {
  const filled = total === 0 ? width : Math.round((width * done) / total);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}
