// bench/event-stream — domain events per second through one worker's cluster event bus (Redis Streams).
//
//   npx tsx bench/event-stream.ts [--events 20000] [--chargers 1000] [--runs 3] [--partitions 16]
//
// A publisher bus puts a backlog of `fault.reported` events (spread over --chargers) on the stream, then
// one consuming bus drains it with a handler that does nothing but count: what is measured is the bus
// (reads, acknowledgements, partition ownership), not the handlers. Real Redis at TEST_REDIS_URL, a key
// prefix of its own, removed afterwards. Small on purpose: seconds per run.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { RedisEventBus } from '../core/cluster/redis-event-bus.ts';
import { RedisLink } from '../core/cluster/redis-link.ts';
import { machineLine } from './lib/machine.ts';
import { fmt, printTable } from './lib/report.ts';

const { values: a } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    chargers: { type: 'string', default: '1000' },
    runs: { type: 'string', default: '3' },
    partitions: { type: 'string', default: '16' },
  },
});
const EVENTS = Math.min(200_000, Number(a.events));
const CHARGERS = Number(a.chargers);
const RUNS = Math.min(10, Number(a.runs));
const PARTITIONS = Number(a.partitions);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });

async function run(n: number): Promise<Record<string, string | number>> {
  const keyPrefix = `cm-bench-${randomBytes(4).toString('hex')}:`;
  const common = { eventsMaxLen: 10_000_000, claimIdleMs: 30_000, eventBufferMax: EVENTS + 1, eventPartitions: PARTITIONS };
  const pubLink = new RedisLink({ url: REDIS_URL, keyPrefix }, `bench-pub-${n}`, log);
  const workLink = new RedisLink({ url: REDIS_URL, keyPrefix }, `bench-worker-${n}`, log);
  await Promise.all([pubLink.connect(), workLink.connect()]);
  const publisher = new RedisEventBus(pubLink, { ...common, consume: false, broadcast: false }, log);
  const at = new Date();
  for (let i = 0; i < EVENTS; i++) {
    publisher.publish({ type: 'fault.reported', chargerId: `CP-${i % CHARGERS}`, at, connector: { evseId: 1, connectorId: 1 }, fault: { source: 'status', code: 'OtherError', info: `#${i}` } });
  }
  await publisher.idle();

  const worker = new RedisEventBus(workLink, { ...common, consume: true, broadcast: false }, log);
  let handled = 0;
  let firstMs = 0;
  const t0 = performance.now();
  const done = new Promise<void>((resolve) => {
    worker.on('fault.reported', async () => {
      if (handled === 0) firstMs = performance.now() - t0;
      if (++handled === EVENTS) resolve();
    });
  });
  worker.startConsuming();
  await done;
  const ms = performance.now() - t0;
  await worker.idle();
  await Promise.all([publisher.close(), worker.close()]);
  const keys = await pubLink.cmd.keys(`${keyPrefix}*`);
  if (keys.length > 0) await pubLink.cmd.del(...keys);
  await Promise.all([pubLink.close(), workLink.close()]);
  await Promise.all([publisher.stopped(), worker.stopped()]);
  return { run: n, 'events/s': fmt.int((EVENTS / ms) * 1000), 'drain ms': fmt.ms(ms), 'first event ms': fmt.ms(firstMs) };
}

const rows: Array<Record<string, string | number>> = [];
for (let i = 1; i <= RUNS; i++) rows.push(await run(i));
printTable('cluster event bus: backlog drained by one worker', { machine: machineLine(), events: EVENTS, chargers: CHARGERS, partitions: PARTITIONS, handler: 'counts only' }, rows);
