// Tables as the bench scripts print them: the exact parameters first, then one row per measurement.

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function sortedCopy(values: number[]): number[] {
  return Array.from(Float64Array.from(values).sort());
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en'),
  ms: (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(2) : n.toFixed(1)) : '-'),
  kib: (bytes: number) => (bytes / 1024).toFixed(1),
  mib: (bytes: number) => (bytes / 2 ** 20).toFixed(1),
};

/** Prints `title`, the parameters (key: value), then an aligned table. */
export function printTable(title: string, params: Record<string, string | number>, rows: Array<Record<string, string | number>>): void {
  const out: string[] = [`\n## ${title}`, ''];
  for (const [k, v] of Object.entries(params)) out.push(`${k}: ${v}`);
  out.push('');
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  out.push(line(cols), `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) out.push(line(cols.map((c) => String(r[c] ?? ''))));
  process.stdout.write(`${out.join('\n')}\n`);
}
