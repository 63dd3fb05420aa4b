// Loaded into the process under test with `node --expose-gc --import <this file>` by
// bench/lib/gateway-process.ts. Answers over IPC, so figures about the gateway come from inside it:
// - `{probe: 'memory'}`: memory after a full GC (RSS and heap per connection are the gateway's own);
// - `{probe: 'snapshot', path}`: writes a heap snapshot there (bench/lib/heap-diff.ts);
// - `{probe: 'loop'}`: event-loop delay and GC pauses since the previous 'loop' probe (bench/latency.ts:
//   whether latency comes from a blocked loop or from waiting for CPU);
// - `{probe: 'cpu-start'}` / `{probe: 'cpu-stop', path}`: a V8 CPU profile of just that window, written
//   to `path` (bench/lib/profile-summary.ts reads it). Bench-only.
// - `{probe: 'alloc-start', survivors}` / `{probe: 'alloc-stop', path}`: V8's sampling heap profiler over
//   that window, counting collected objects too — everything allocated (what makes scavenges frequent) or,
//   with `survivors`, only what outlived a scavenge (what makes them slow and fills the old generation).
//   bench/lib/alloc-summary.ts reads it.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

if (process.send) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // perf_hooks.constants.NODE_PERFORMANCE_GC_*
  const KINDS = { 1: 'minor', 4: 'major', 8: 'incremental', 16: 'weak callbacks' };
  const fresh = () => ({ count: 0, totalMs: 0, maxMs: 0, byKind: {} });
  let gc = fresh();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count++;
      gc.totalMs += e.duration;
      gc.maxMs = Math.max(gc.maxMs, e.duration);
      const kind = KINDS[e.detail?.kind] ?? String(e.detail?.kind);
      const k = (gc.byKind[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      k.count++;
      k.totalMs += e.duration;
      k.maxMs = Math.max(k.maxMs, e.duration);
    }
  }).observe({ entryTypes: ['gc'] });

  let session;
  process.on('message', (m) => {
    if (m?.probe === 'cpu-start') {
      session = new Session();
      session.connect();
      session.post('Profiler.enable', () => session.post('Profiler.start', () => process.send({ probe: 'cpu-start' })));
    } else if (m?.probe === 'cpu-stop') {
      session.post('Profiler.stop', (err, r) => {
        if (!err) writeFileSync(m.path, JSON.stringify(r.profile));
        session.disconnect();
        process.send({ probe: 'cpu-stop', path: err ? undefined : m.path });
      });
    } else if (m?.probe === 'alloc-start') {
      session = new Session();
      session.connect();
      const sampling = { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: !m.survivors };
      session.post('HeapProfiler.enable', () => session.post('HeapProfiler.startSampling', sampling, () => process.send({ probe: 'alloc-start' })));
    } else if (m?.probe === 'alloc-stop') {
      session.post('HeapProfiler.stopSampling', (err, r) => {
        if (!err) writeFileSync(m.path, JSON.stringify(r.profile));
        session.disconnect();
        process.send({ probe: 'alloc-stop', path: err ? undefined : m.path });
      });
    } else if (m?.probe === 'snapshot') {
      process.send({ probe: 'snapshot', path: writeHeapSnapshot(m.path) });
    } else if (m?.probe === 'loop') {
      const ms = (ns) => ns / 1e6;
      process.send({ probe: 'loop', p50: ms(loop.percentile(50)), p99: ms(loop.percentile(99)), max: ms(loop.max), gcCount: gc.count, gcTotalMs: gc.totalMs, gcMaxMs: gc.maxMs, gcByKind: gc.byKind });
      loop.reset();
      gc = fresh();
    } else if (m?.probe === 'memory') {
      globalThis.gc?.();
      globalThis.gc?.();
      const u = process.memoryUsage();
      const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, { size: s.space_size, used: s.space_used_size }]));
      process.send({ probe: 'memory', rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers, spaces });
    }
  });
  // the IPC channel must not keep a stopping gateway alive
  process.channel?.unref();
}
