// A load process: holds lean clients (bench/lib/lean-client.ts) and runs the jobs its parent sends over
// IPC. Started by bench/lib/load-pool.ts; exits when told or when the parent goes away.
import type { ConnectResult, FrameSpec, LoadJob, LoadResult, TrafficResult } from './load-protocol.ts';
import { LeanClient } from './lean-client.ts';

let clients: LeanClient[] = [];

function sampler(max = 5) {
  const samples = new Set<string>();
  return { add: (m: string) => { if (samples.size < max) samples.add(m); }, list: () => [...samples] };
}

async function connect(job: Extract<LoadJob, { kind: 'connect' }>): Promise<ConnectResult> {
  const t0 = performance.now();
  const errs = sampler();
  let errors = 0;
  const bootedAtMs: number[] = [];
  const open: LeanClient[] = [];
  const bootJson = JSON.stringify({ chargePointVendor: 'Chargemend', chargePointModel: 'Bench-1', firmwareVersion: '1.0.0' });
  let next = 0;
  const one = async (i: number) => {
    const c = new LeanClient({ url: job.url, id: job.ids[i]!, localAddress: job.localAddresses[i % job.localAddresses.length] });
    try {
      await c.open();
      open.push(c);
      if (job.boot) {
        await c.callFrame('BootNotification', bootJson);
        const status = (c.lastResult as { status?: string } | undefined)?.status;
        if (status !== 'Accepted') throw new Error(`BootNotification ${status}`);
        bootedAtMs.push(performance.now() - t0);
      }
    } catch (err) {
      errors++;
      errs.add((err as Error).message);
    }
  };
  const lanes = job.concurrency > 0 ? job.concurrency : job.ids.length;
  await Promise.all(Array.from({ length: Math.min(lanes, job.ids.length) }, async () => {
    while (next < job.ids.length) await one(next++);
  }));
  clients.push(...open);
  return { kind: 'connect', opened: open.length, booted: bootedAtMs.length, errors, errorSamples: errs.list(), elapsedMs: performance.now() - t0, bootedAtMs };
}

/** Weighted round-robin over the frame specs: a fixed, repeatable sequence. */
function frameCycle(frames: FrameSpec[]): FrameSpec[] {
  return frames.flatMap((f) => Array.from({ length: f.weight }, () => f));
}

async function closedLoop(job: Extract<LoadJob, { kind: 'closed-loop' }>): Promise<TrafficResult> {
  const cycle = frameCycle(job.frames);
  const errs = sampler();
  let calls = 0;
  let errors = 0;
  const sample: number[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const end = t0 + job.durationMs;
  await Promise.all(clients.map(async (c, i) => {
    let k = i;
    while (performance.now() < end && !c.closedByPeer) {
      const f = cycle[k++ % cycle.length]!;
      try {
        const rtt = await c.callFrame(f.action, f.payloadJson);
        calls++;
        if ((calls & 63) === 0) sample.push(rtt);
      } catch (err) {
        errors++;
        errs.add((err as Error).message);
      }
    }
  }));
  const cpu = process.cpuUsage(cpu0);
  return { kind: 'closed-loop', calls, errors, errorSamples: errs.list(), late: 0, elapsedMs: performance.now() - t0, latenciesMs: sample, cpuUs: cpu.user + cpu.system };
}

async function fixedRate(job: Extract<LoadJob, { kind: 'rate' }>): Promise<TrafficResult> {
  const cycle = frameCycle(job.frames);
  const errs = sampler();
  const latenciesMs: number[] = [];
  let sent = 0;
  let errors = 0;
  let late = 0;
  let cursor = 0;
  const busy = new Uint8Array(clients.length);
  const inflight = new Set<Promise<void>>();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((done) => {
    // Every 2 ms: send what the schedule says is due by now, each on the next idle client.
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = Math.min(now - t0, job.durationMs);
      const due = Math.floor((elapsed * job.ratePerS) / 1000);
      while (sent + late < due) {
        let tries = 0;
        while (busy[cursor % clients.length] && tries < clients.length) { cursor++; tries++; }
        if (tries === clients.length) { late = due - sent; break; } // every client has a CALL in flight
        const i = cursor++ % clients.length;
        const f = cycle[(sent + late) % cycle.length]!;
        busy[i] = 1;
        sent++;
        const p = clients[i]!.callFrame(f.action, f.payloadJson).then(
          (rtt) => { latenciesMs.push(rtt); },
          (err: unknown) => { errors++; errs.add((err as Error).message); },
        ).finally(() => { busy[i] = 0; inflight.delete(p); });
        inflight.add(p);
      }
      if (now - t0 >= job.durationMs) {
        clearInterval(timer);
        void Promise.allSettled([...inflight]).then(() => done());
      }
    }, 2);
  });
  const cpu = process.cpuUsage(cpu0);
  return { kind: 'rate', calls: latenciesMs.length, errors, errorSamples: errs.list(), late, elapsedMs: performance.now() - t0, latenciesMs, cpuUs: cpu.user + cpu.system };
}

async function closeAll(): Promise<LoadResult> {
  const n = clients.length;
  await Promise.all(clients.map((c) => new Promise<void>((resolve) => {
    if (c.closedByPeer) return resolve();
    const t = setTimeout(() => { c.terminate(); resolve(); }, 10_000);
    c.onClosed(() => { clearTimeout(t); resolve(); });
    c.close();
  })));
  clients = [];
  return { kind: 'close', closed: n };
}

async function run(job: LoadJob): Promise<LoadResult> {
  switch (job.kind) {
    case 'connect': return connect(job);
    case 'closed-loop': return closedLoop(job);
    case 'rate': return fixedRate(job);
    case 'close': return closeAll();
    case 'exit': process.exit(0);
  }
}

process.on('message', (job: LoadJob) => {
  run(job).then(
    (r) => process.send!(r),
    (err: unknown) => process.send!({ kind: 'error', message: (err as Error).message } satisfies LoadResult),
  );
});
process.on('disconnect', () => process.exit(0));
