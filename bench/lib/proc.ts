import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used so far, from /proc; undefined when it is gone. */
export function processCpuS(pid: number | undefined): number | undefined {
  if (!pid || !existsSync(`/proc/${pid}/stat`)) return undefined;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function processRss(pid: number): number | undefined {
  if (!existsSync(`/proc/${pid}/status`)) return undefined;
  const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : undefined;
}

/** Open file descriptors of a process (sockets included). */
export function openFiles(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}

/** The soft open-files limit of a process (ulimit -n). */
export function openFilesLimit(pid: number | 'self' = 'self'): number | undefined {
  const m = /^Max open files\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  return m ? Number(m[1]) : undefined;
}

/** CPU seconds per process, sampled around a measured window. */
export class CpuMeter {
  private readonly start: Map<number, number>;
  constructor(private readonly pids: number[]) {
    this.start = new Map(pids.flatMap((p) => { const c = processCpuS(p); return c === undefined ? [] : [[p, c] as [number, number]]; }));
  }

  /** CPU seconds used by `pids` since construction, summed. */
  used(pids: number[] = this.pids): number {
    return pids.reduce((sum, p) => sum + ((processCpuS(p) ?? 0) - (this.start.get(p) ?? 0)), 0);
  }
}
