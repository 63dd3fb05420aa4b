// What grows between two V8 heap snapshots (bench/connections.ts --snapshots writes one with no charger
// and one with N): retained objects by constructor, count and self size, per connection.
//
//   npx tsx bench/lib/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot> <connections> [--top 30]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

function byConstructor(path: string): Map<string, { count: number; bytes: number }> {
  const s = JSON.parse(readFileSync(path, 'utf8')) as Snapshot;
  const f = s.snapshot.meta.node_fields;
  const width = f.length;
  const [iType, iName, iSize] = [f.indexOf('type'), f.indexOf('name'), f.indexOf('self_size')];
  const types = s.snapshot.meta.node_types[0];
  const out = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + iType]!]!;
    const name = type === 'object' || type === 'closure' ? s.strings[s.nodes[i + iName]!]! : `(${type})`;
    const key = type === 'closure' ? `closure ${name || '(anonymous)'}` : name;
    const e = out.get(key) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += s.nodes[i + iSize]!;
    out.set(key, e);
  }
  return out;
}

const { values, positionals } = parseArgs({ options: { top: { type: 'string', default: '30' } }, allowPositionals: true });
const [beforePath, afterPath, n] = positionals;
const before = byConstructor(beforePath!);
const after = byConstructor(afterPath!);
const conns = Number(n);
const diff = [...after].map(([k, v]) => {
  const b = before.get(k) ?? { count: 0, bytes: 0 };
  return { k, count: (v.count - b.count) / conns, bytes: (v.bytes - b.bytes) / conns };
}).sort((x, y) => y.bytes - x.bytes);
const total = diff.reduce((s, d) => s + d.bytes, 0);
process.stdout.write(`growth per connection: ${(total / 1024).toFixed(1)} KiB (self sizes)\n`);
for (const d of diff.slice(0, Number(values.top))) process.stdout.write(`${d.bytes.toFixed(0).padStart(7)} B  ${d.count.toFixed(2).padStart(7)} ×  ${d.k}\n`);
