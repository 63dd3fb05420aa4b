import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { openFilesLimit } from './proc.ts';

/** One line describing where a figure was measured (BENCHMARKS.md quotes it). */
export function machineLine(): string {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
  const gib = (b: number) => (b / 2 ** 30).toFixed(1);
  return `${cpus().length} × ${model}, ${gib(totalmem())} GiB (${gib(freemem())} free), node ${process.version}, ulimit -n ${openFilesLimit() ?? '?'}, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
}
