/** The charger's own recent log lines, uploaded by GetDiagnostics / GetLog. Bounded per charger. */
export class LogRing {
  private lines: Array<[number, string]> = [];

  constructor(private readonly size: number) {}

  add(text: string, at = Date.now()): void {
    this.lines.push([at, text]);
    if (this.lines.length > this.size) this.lines.splice(0, this.lines.length - this.size);
  }

  /** Lines between `from` and `to` (inclusive), as a text file. */
  render(header: string, from?: Date, to?: Date): string {
    const lo = from?.getTime() ?? -Infinity;
    const hi = to?.getTime() ?? Infinity;
    const body = this.lines.filter(([t]) => t >= lo && t <= hi).map(([t, s]) => `${new Date(t).toISOString()} ${s}`);
    return `${header}\n${body.join('\n')}\n`;
  }
}
