import type { Logger } from 'pino';
import type { RedisOptions } from '../../core/config.ts';
import { agreePartitionCount, PartitionCountError } from '../../core/cluster/event-partitions.ts';
import { PubSub } from '../../core/cluster/pubsub.ts';
import { RedisEventBus } from '../../core/cluster/redis-event-bus.ts';
import { RedisLink, RedisUnavailableError } from '../../core/cluster/redis-link.ts';
import { RedisPresence } from '../../core/cluster/redis-presence.ts';
import { StartupError, type Cleanups } from './base.ts';

/** This node's part in a multi-node deployment (REDIS_URL set). */
export interface Cluster {
  link: RedisLink;
  bus: RedisEventBus;
  presence: RedisPresence;
  pubsub: PubSub;
}

export async function joinCluster(redis: RedisOptions, nodeId: string, role: { consume: boolean; broadcast: boolean }, log: Logger, cleanups: Cleanups): Promise<Cluster> {
  const clusterLog = log.child({ component: 'cluster' });
  const link = new RedisLink(redis, nodeId, clusterLog);
  try {
    await link.connect();
    await agreePartitionCount(link, redis.eventPartitions);
  } catch (err) {
    await link.close();
    throw err instanceof RedisUnavailableError || err instanceof PartitionCountError ? new StartupError(err.message) : err;
  }
  const bus = new RedisEventBus(link, { ...redis, ...role }, log.child({ component: 'events' }));
  cleanups.push(async () => {
    await bus.close();
    await link.close();
    await bus.stopped();
  });
  return { link, bus, presence: new RedisPresence(link, redis.presenceTtlS, clusterLog), pubsub: new PubSub(link, clusterLog) };
}
