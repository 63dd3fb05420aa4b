// Summarises a V8 sampling heap profile (.heapprofile; bench/latency.ts --alloc-profile): bytes allocated
// by the function that allocated them, and by the innermost function of ours on the stack above it — what
// to change to make the garbage collector's work smaller.
//
//   npx tsx bench/lib/alloc-summary.ts <file.heapprofile> [--top 25]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface HeapNode { callFrame: CallFrame; selfSize: number; children: HeapNode[] }

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' } }, allowPositionals: true });
if (!positionals[0]) throw new Error('usage: npx tsx bench/lib/alloc-summary.ts <file.heapprofile> [--top 25]');
const head = (JSON.parse(readFileSync(positionals[0], 'utf8')) as { head: HeapNode }).head;

const ours = (url: string) => /\/work\/[^/]+\/(?!node_modules)/.test(url) && !url.includes('/node_modules/');
const short = (f: CallFrame) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url);
  const where = m ? m[1] : (/\/work\/[^/]+\/(.+)$/.exec(f.url)?.[1] ?? (f.url || '(native)'));
  return `${f.functionName || '(anonymous)'}  ${where}:${f.lineNumber + 1}`;
};

const bySelf = new Map<string, number>();
const byOurs = new Map<string, number>();
let total = 0;
const walk = (n: HeapNode, ourFrame: string | undefined) => {
  const mine = ours(n.callFrame.url) ? short(n.callFrame) : ourFrame;
  if (n.selfSize > 0) {
    total += n.selfSize;
    const k = short(n.callFrame);
    bySelf.set(k, (bySelf.get(k) ?? 0) + n.selfSize);
    const o = mine ?? '(no project frame)';
    byOurs.set(o, (byOurs.get(o) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, mine);
};
walk(head, undefined);

const top = Number(values.top);
const show = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title} (total ${(total / 2 ** 20).toFixed(0)} MiB sampled)\n`);
  for (const [k, b] of [...m].sort((x, y) => y[1] - x[1]).slice(0, top)) process.stdout.write(`${((100 * b) / total).toFixed(1).padStart(5)} %  ${(b / 2 ** 20).toFixed(1).padStart(8)} MiB  ${k}\n`);
};
show('allocated by function', bySelf);
show('allocated under the innermost project function', byOurs);
