// Summarises a V8 .cpuprofile (node --cpu-prof; BENCH_CPU_PROF_DIR=… for the gateway of any bench):
// self time by package or project file, and the hottest functions.
//
//   npx tsx bench/lib/profile-summary.ts <file.cpuprofile> [--top 25] [--stretch-ms 20]
//
// --stretch-ms: also lists every stretch in which the event loop ran without a break (no "(idle)" sample)
// for longer than that — the stalls behind a latency tail — with the project/package frames that ran in it.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '25' }, 'stretch-ms': { type: 'string' } }, allowPositionals: true });
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((s, x) => s + x, 0);

function where(url: string): string {
  if (!url) return '(native/V8)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return url;
  const ours = /\/work\/[^/]+\/(.+)$/.exec(url.replace(/^file:\/\//, ''));
  return ours ? ours[1]! : url;
}

const byPlace = new Map<string, number>();
const byFn = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const place = where(n.callFrame.url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  const fn = `${n.callFrame.functionName || '(anonymous)'}  ${place}:${n.callFrame.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
}
const top = Number(values.top);
const show = (title: string, m: Map<string, number>) => {
  process.stdout.write(`\n${title} (total ${(total / 1e6).toFixed(2)} s sampled)\n`);
  for (const [k, us] of [...m].sort((x, y) => y[1] - x[1]).slice(0, top)) process.stdout.write(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${(us / 1e3).toFixed(0).padStart(7)} ms  ${k}\n`);
};
show('self time by package / file', byPlace);
show('self time by function', byFn);

if (values['stretch-ms'] !== undefined) {
  const minUs = Number(values['stretch-ms']) * 1000;
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  /** the innermost frame of ours (or a package's) under which a sample ran: what the stall was doing */
  const owner = (id: number): string => {
    let pkg: string | undefined;
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur)!;
      const w = where(n.callFrame.url);
      if (!w.startsWith('(') && !w.startsWith('node:') && !/node_modules/.test(n.callFrame.url)) return `${n.callFrame.functionName || '(anonymous)'}  ${w}:${n.callFrame.lineNumber + 1}`;
      if (!pkg && /node_modules/.test(n.callFrame.url)) pkg = `${n.callFrame.functionName || '(anonymous)'}  ${w}`;
    }
    return pkg ?? byId.get(id)!.callFrame.functionName;
  };
  const stretches: { startUs: number; us: number; owners: Map<string, number> }[] = [];
  let t = 0;
  let cur: { startUs: number; us: number; owners: Map<string, number> } | undefined;
  profile.samples.forEach((id, i) => {
    const d = profile.timeDeltas[i] ?? 0;
    t += d;
    const fn = byId.get(id)!.callFrame.functionName;
    if (fn === '(idle)') {
      if (cur && cur.us >= minUs) stretches.push(cur);
      cur = undefined;
      return;
    }
    cur ??= { startUs: t, us: 0, owners: new Map() };
    cur.us += d;
    const o = fn === '(garbage collector)' ? '(garbage collector)' : owner(id);
    cur.owners.set(o, (cur.owners.get(o) ?? 0) + d);
  });
  if (cur && cur.us >= minUs) stretches.push(cur);
  const busy = stretches.reduce((s, x) => s + x.us, 0);
  process.stdout.write(`\nbusy stretches ≥ ${values['stretch-ms']} ms: ${stretches.length}, ${(busy / 1e3).toFixed(0)} ms in all\n`);
  for (const s of [...stretches].sort((x, y) => y.us - x.us).slice(0, top)) {
    process.stdout.write(`\n${(s.us / 1e3).toFixed(1).padStart(7)} ms at +${(s.startUs / 1e6).toFixed(2)} s\n`);
    for (const [k, us] of [...s.owners].sort((x, y) => y[1] - x[1]).slice(0, 6)) process.stdout.write(`   ${(us / 1e3).toFixed(1).padStart(6)} ms  ${k}\n`);
  }
}
