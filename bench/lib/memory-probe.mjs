// Loaded into the process under test with `node --expose-gc --import <this file>` by
// bench/lib/gateway-process.ts: answers `{probe: 'memory'}` over IPC with the process's own memory after a
// full GC, so RSS and heap per connection are the gateway's, measured from inside. Bench-only.
import { writeHeapSnapshot } from 'node:v8';

if (process.send) {
  process.on('message', (m) => {
    if (m?.probe === 'snapshot') {
      process.send({ probe: 'snapshot', path: writeHeapSnapshot(m.path) });
      return;
    }
    if (m?.probe !== 'memory') return;
    globalThis.gc?.();
    globalThis.gc?.();
    const u = process.memoryUsage();
    process.send({ probe: 'memory', rss: u.rss, heapUsed: u.heapUsed, heapTotal: u.heapTotal, external: u.external, arrayBuffers: u.arrayBuffers });
  });
  // the IPC channel must not keep a stopping gateway alive
  process.channel?.unref();
}
