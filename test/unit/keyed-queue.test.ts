import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../core/util/keyed-queue.ts';

describe('KeyedQueue', () => {
  it('runs tasks of one key in order even when an earlier one is slower, and other keys alongside', async () => {
    const q = new KeyedQueue();
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const a1 = q.run('a', async () => {
      await gate;
      order.push('a1');
    });
    const a2 = q.run('a', async () => void order.push('a2'));
    const b1 = q.run('b', async () => void order.push('b1'));
    await b1;
    expect(order).toEqual(['b1']);
    release();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['b1', 'a1', 'a2']);
  });

  it('keeps going after a failed task and forgets idle keys', async () => {
    const q = new KeyedQueue();
    await expect(q.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(q.run('a', async () => 42)).resolves.toBe(42);
    await new Promise((r) => setImmediate(r));
    expect(q.size).toBe(0);
  });
});
