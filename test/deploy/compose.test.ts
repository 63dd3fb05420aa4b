// The production deployment files: docker-compose.yml is valid for Compose, sets only configuration names
// the product knows (and values it accepts), and the image runs as a non-root user with a health check.
// No Docker engine here (ARCHITECTURE.md): Compose validates the file without one.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiConfigSchema, loadApiConfig } from '../../api/config.ts';
import { configSchema, loadConfig } from '../../core/config.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

interface ComposeService {
  image?: string;
  command?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  build?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  volumes?: string[];
}
interface ComposeFile {
  services: Record<string, ComposeService>;
}

/** The secrets the compose file requires (`${VAR:?…}`), with throwaway values for validation. */
const SECRETS = { POSTGRES_PASSWORD: 'pg-secret', INFLUX_ADMIN_PASSWORD: 'influx-secret', INFLUX_TOKEN: 'influx-token', GRAFANA_ADMIN_PASSWORD: 'grafana-secret' };

const compose = parse(read('docker-compose.yml'), { merge: true }) as ComposeFile;
const chargemendServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined || s.image?.startsWith('chargemend:'));

/** Compose's interpolation for what the file uses: ${VAR}, ${VAR:-default}, ${VAR:?error}. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op: string | undefined, arg: string | undefined) => {
    const v = env[name];
    if (v !== undefined && v !== '') return v;
    if (op === '-') return arg ?? '';
    if (op === '?') throw new Error(`${name} is required: ${arg}`);
    return '';
  });
}

function environmentOf(s: ComposeService): Record<string, string> {
  const raw = s.environment ?? {};
  const pairs: Array<[string, string]> = Array.isArray(raw)
    ? raw.map((line) => [line.split('=')[0]!, line.slice(line.indexOf('=') + 1)])
    : Object.entries(raw).map(([k, v]) => [k, v === null ? '' : String(v)]);
  return Object.fromEntries(pairs.map(([k, v]) => [k, interpolate(v, SECRETS)]));
}

describe('docker-compose.yml', () => {
  it('passes `docker-compose config -q`', () => {
    const r = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, encoding: 'utf8', env: { ...process.env, ...SECRETS } });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('docker-compose is not installed: apt-get install -y docker-compose (Debian package; .ci/run installs it)');
    }
    expect(r.stderr.trim()).toBe('');
    expect(r.status).toBe(0);
  });

  it('refuses to start without its secrets (no secret has a default)', () => {
    const r = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    if (r.error) return; // the test above reports a missing binary
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/set (POSTGRES_PASSWORD|INFLUX_TOKEN|INFLUX_ADMIN_PASSWORD|GRAFANA_ADMIN_PASSWORD)/);
    for (const name of Object.keys(SECRETS)) expect(read('docker-compose.yml')).toContain(`\${${name}:?`);
  });

  it('runs the roles: two gateways behind the load balancer, api, worker', () => {
    const commands = Object.fromEntries(chargemendServices.map(([name, s]) => [name, s.command?.[0]]));
    expect(commands).toMatchObject({ 'gateway-1': 'gateway', 'gateway-2': 'gateway', api: 'api', worker: 'worker', migrate: 'migrate' });
    for (const name of ['postgres', 'influxdb', 'redis', 'lb', 'grafana']) expect(compose.services).toHaveProperty(name);
    expect(compose.services.influxdb!.image).toMatch(/^influxdb:2\.7/);
    const servers = [...read('deploy/haproxy/haproxy.cfg').matchAll(/^\s*server\s+\S+\s+([\w-]+):9000/gm)].map((m) => m[1]);
    expect(servers).toEqual(['gateway-1', 'gateway-2']);
  });

  it('probes each role where it listens: the image checks /healthz (api); gateways their OCPP port', () => {
    for (const name of ['gateway-1', 'gateway-2']) expect(compose.services[name]!.healthcheck?.test?.join(' ')).toContain('127.0.0.1:9000');
    expect(compose.services.api!.healthcheck).toBeUndefined();
  });

  it.each(chargemendServices.map(([name]) => name))('%s sets only configuration names the schemas know, with values they accept', (name) => {
    const env = environmentOf(compose.services[name]!);
    const known = new Set([...Object.keys(configSchema.shape), ...Object.keys(apiConfigSchema.shape)]);
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([]);
    expect(() => loadConfig(env)).not.toThrow();
    expect(() => loadApiConfig(env)).not.toThrow();
  });

  it('provisions Grafana with the InfluxDB datasource and a dashboard over meter, status and connection', () => {
    const ds = parse(read('deploy/grafana/provisioning/datasources/influxdb.yaml')) as { datasources: Array<{ type: string; uid: string; url: string }> };
    expect(ds.datasources[0]).toMatchObject({ type: 'influxdb', url: 'http://influxdb:8086' });
    const dashboard = JSON.parse(read('deploy/grafana/dashboards/chargemend.json')) as { panels: Array<{ datasource: { uid: string }; targets: Array<{ query: string }> }> };
    const queries = dashboard.panels.flatMap((p) => p.targets.map((t) => t.query)).join('\n');
    for (const m of ['meter', 'status', 'connection']) expect(queries).toContain(`r._measurement == "${m}"`);
    expect(new Set(dashboard.panels.map((p) => p.datasource.uid))).toEqual(new Set([ds.datasources[0]!.uid]));
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM\s/m).slice(1);
  const runtime = stages.at(-1) ?? '';

  it('is multi-stage, with a node:20-slim runtime holding production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(runtime).toMatch(/^node:20-slim\b/);
    expect(runtime).toMatch(/npm ci --omit=dev/);
  });

  it('runs as a non-root user', () => {
    const users = [...runtime.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]!);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users.at(-1));
  });

  it('has a HEALTHCHECK on /healthz', () => {
    expect(runtime).toMatch(/^HEALTHCHECK[\s\S]*\/healthz/m);
  });
});
