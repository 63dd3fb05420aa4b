import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Suites own their databases and ports (port 0), so files run in parallel on our 2 cores.
    fileParallelism: true,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
