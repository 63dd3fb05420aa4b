import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

// Leases in Redis: a key naming its holder, with a TTL the holder keeps renewing. Whoever finds the key
// missing may take it; a holder that stops (killed, frozen, cut off) loses it when the TTL runs out. The
// holder is this process, not only this node id: a restarted node with the same NODE_ID is someone else
// until its predecessor's leases have expired.

// Takes each key that is free, renews each that is already ours; returns the 1-based indexes held.
const HOLD = `
local held = {}
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  if not v then
    redis.call('SET', k, ARGV[1], 'PX', ARGV[2])
    held[#held + 1] = i
  elseif v == ARGV[1] then
    redis.call('PEXPIRE', k, ARGV[2])
    held[#held + 1] = i
  end
end
return held`;

const RELEASE = `
local n = 0
for _, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then
    redis.call('DEL', k)
    n = n + 1
  end
end
return n`;

// Members with an expiry score on Redis's clock (nodes' clocks may disagree): refresh one, drop the
// expired, list the rest.
const HEARTBEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if ttl > 0 then
  redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ttl * 4)
else
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return redis.call('ZRANGE', KEYS[1], 0, -1)`;

export class RedisLeases {
  /** what the lease keys of this process hold: readable (the node) and unique (this process) */
  readonly holder: string;

  constructor(
    private readonly redis: Redis,
    nodeId: string,
  ) {
    this.holder = `${nodeId} ${randomUUID()}`;
  }

  /** Takes the free keys and renews ours for `ttlMs`; returns the keys this process holds now. */
  async hold(keys: readonly string[], ttlMs: number): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const raw = (await this.redis.eval(HOLD, keys.length, ...keys, this.holder, ttlMs)) as unknown;
    return new Set((Array.isArray(raw) ? raw : []).map((i) => keys[Number(i) - 1]!));
  }

  /** Gives up the keys this process still holds (others' are left alone). */
  async release(keys: readonly string[]): Promise<void> {
    if (keys.length > 0) await this.redis.eval(RELEASE, keys.length, ...keys, this.holder);
  }
}

/** Refreshes `member` in the membership set `key` for `ttlMs` (0: leaves it) and returns the live members. */
export async function heartbeat(redis: Redis, key: string, member: string, ttlMs: number): Promise<string[]> {
  const raw = (await redis.eval(HEARTBEAT, 1, key, member, ttlMs)) as unknown;
  return Array.isArray(raw) ? raw.map(String) : [];
}
