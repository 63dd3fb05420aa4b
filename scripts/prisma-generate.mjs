#!/usr/bin/env node
// Runs `prisma generate` offline. Prisma's CLI checks for its native schema engine even though generate
// never invokes it; pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable skips the download
// (see ARCHITECTURE.md, "Environment facts"). The generated client (core/db/generated) is not committed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cli;
try {
  cli = require.resolve('prisma/build/index.js');
} catch {
  // Production installs (npm ci --omit=dev) ship the generated client inside the image instead.
  process.exit(0);
}
const engine = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? (existsSync('/bin/true') ? '/bin/true' : process.execPath);
const r = spawnSync(process.execPath, [cli, 'generate'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: engine,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(r.status ?? 1);
