import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';

describe('chargemend gateway | api | worker without REDIS_URL', () => {
  it.each(['gateway', 'api', 'worker'])('%s refuses to start with a one-line reason', async (role) => {
    const saved = process.env.REDIS_URL;
    delete process.env.REDIS_URL;
    const out: string[] = [];
    const err: string[] = [];
    try {
      const code = await main([role], { out: (l) => out.push(l), err: (l) => err.push(l) });
      expect(code).toBe(1);
    } finally {
      if (saved !== undefined) process.env.REDIS_URL = saved;
    }
    expect(out).toEqual([]);
    expect(err).toEqual([`chargemend ${role}: the ${role} role needs REDIS_URL: nodes find each other through Redis (or run everything in one process with 'chargemend start')`]);
  });

  it('each role has its help', async () => {
    const out: string[] = [];
    expect(await main(['worker', '--help'], { out: (l) => out.push(l), err: () => undefined })).toBe(0);
    expect(out.join('\n')).toContain('consumer group');
  });
});
