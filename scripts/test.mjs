#!/usr/bin/env node
// `npm test`: the whole suite against real services. Checks what the suites need, starts what it can
// (a throwaway InfluxDB 1.x via scripts/start-influxd.sh), says clearly what is missing, then runs vitest.
// Extra arguments go to vitest (e.g. `npm test -- test/e2e`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line) => process.stderr.write(`test: ${line}\n`);

async function checkPostgres() {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    say(`PostgreSQL is not reachable at ${url} (${err.message}).`);
    say('Start it (Debian: pg_ctlcluster 15 main start; or run .ci/run, which installs and starts it) or set TEST_DATABASE_URL.');
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function checkRedis() {
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
    return true;
  } catch (err) {
    say(`Redis is not reachable at ${url} (${err.message}); the multi-node suites (test/multinode) need it.`);
    say('Start it (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no; or run .ci/run, which installs and starts it) or set TEST_REDIS_URL.');
    return false;
  } finally {
    redis.disconnect();
  }
}

function startInflux() {
  if (process.env.TEST_INFLUX_URL) return { ok: true, started: false };
  const r = spawnSync('bash', [`${root}scripts/start-influxd.sh`], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (r.status !== 0) {
    say('InfluxDB is needed by the telemetry suites: install it (apt-get install -y influxdb) or set TEST_INFLUX_URL.');
    return { ok: false, started: false };
  }
  process.stderr.write(r.stdout);
  return { ok: true, started: !/already running/.test(r.stdout) };
}

// The dashboard: type-checked every run (vite build does not), rebuilt when web/dist is missing or older
// than its sources, so the browser suite and the API's static hosting test what is in the tree.
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

function buildWeb() {
  const web = join(root, 'web');
  const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', web], { stdio: 'inherit', cwd: root });
  if (tsc.status !== 0) {
    say('the dashboard (web/) does not type-check.');
    return false;
  }
  const sources = Math.max(...['src', 'public', 'index.html', 'vite.config.ts'].map((f) => newestMtime(join(web, f))), newestMtime(join(root, 'package-lock.json')));
  if (newestMtime(join(web, 'dist/index.html')) > sources) return true;
  say('building the dashboard (npm run build:web)');
  const vite = spawnSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', web, '--logLevel', 'warn'], { stdio: 'inherit', cwd: root });
  if (vite.status !== 0) say('the dashboard build failed (npm run build:web).');
  return vite.status === 0;
}

if (!buildWeb()) process.exit(1);
if (!(await checkPostgres())) process.exit(1);
if (!(await checkRedis())) process.exit(1);
const influx = startInflux();
if (!influx.ok) process.exit(1);

const vitest = spawnSync(process.execPath, [`${root}node_modules/vitest/vitest.mjs`, 'run', ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: root,
});
if (influx.started) spawnSync('bash', [`${root}scripts/stop-influxd.sh`], { stdio: 'inherit' });
process.exit(vitest.status ?? 1);
