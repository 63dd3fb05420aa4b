import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadApiConfig } from '../api/config.ts';
import { loadConfig } from '../core/config.ts';
import { createLogger } from '../core/logger.ts';
import { createUser } from '../core/users/create-user.ts';
import type { Role } from '../core/users/permissions.ts';
import { updateUser } from '../core/users/update-user.ts';
import type { ChargerConfigInput, OcppVersion } from '../simulator/config.ts';
import { startFleet } from '../simulator/fleet/fleet.ts';
import { allocate } from '../simulator/fleet/mix.ts';
import type { ScenarioInput } from '../simulator/fleet/scenario.ts';
import { parseFlags, type CliIo } from './main.ts';
import { startRuntime, type Runtime } from './runtime.ts';

export const DEMO_HELP = `Usage: chargemend demo [--chargers N] [--duration S] [--fresh]

Starts everything on embedded defaults (PGlite and the embedded telemetry store under DATA_DIR/demo, no
PostgreSQL or InfluxDB needed), a simulated fleet of chargers (OCPP 1.6, 2.0.1 and 2.1) producing
realistic faults, and demo users for every role with passwords generated now and printed once.
Prints the dashboard URL and the logins; runs until Ctrl-C.

Options:
  --chargers N    simulated chargers (default 300)
  --duration S    stop by itself after S seconds (default: run until Ctrl-C)
  --fresh         start from an empty demo database

HTTP_PORT (default 3000) and OCPP_PORT (default 9000) choose the ports; 0 picks free ones.`;

const WEB_DIST = fileURLToPath(new URL('../web/dist/index.html', import.meta.url));
const DEMO_ROLES: Array<{ role: Role; email: string; name: string }> = [
  { role: 'supervisor', email: 'supervisor@demo.chargemend.test', name: 'Sam Supervisor' },
  { role: 'support_engineer', email: 'support@demo.chargemend.test', name: 'Sofia Support' },
  { role: 'repair_engineer', email: 'repair@demo.chargemend.test', name: 'Rui Repair' },
  { role: 'specialist', email: 'specialist@demo.chargemend.test', name: 'Sara Specialist' },
  { role: 'viewer', email: 'viewer@demo.chargemend.test', name: 'Vic Viewer' },
  { role: 'admin', email: 'admin@demo.chargemend.test', name: 'Ada Admin' },
];

// A plausible installed base: a few models, each with two firmware versions in the field.
const AC22 = { connectors: 1, currentType: 'AC', phases: 3, maxPowerW: 22_000 } as const;
const MODELS = [
  { vendor: 'Acme', model: 'AC22-T2', firmware: ['2.4.1', '2.4.0'], evses: [AC22, AC22] },
  { vendor: 'Voltra', model: 'DC50-CCS', firmware: ['1.9.3', '1.8.7'], evses: [{ connectors: 2, currentType: 'DC', phases: 3, maxPowerW: 50_000 } as const] },
  { vendor: 'Nordlys', model: 'AC11-Home', firmware: ['3.0.2', '3.0.0'], evses: [{ connectors: 1, currentType: 'AC', phases: 3, maxPowerW: 11_000 } as const] },
  { vendor: 'Acme', model: 'AC7-Wall', firmware: ['2.4.1', '2.2.5'], evses: [{ connectors: 1, currentType: 'AC', phases: 1, maxPowerW: 7_400 } as const] },
];
const MIX = { '1.6': 50, '2.0.1': 35, '2.1': 15 };

/** Faults at field-like rates, scaled to the fleet: most clear by themselves or after a reset. */
function demoScenario(chargers: number): ScenarioInput {
  const perHundred = chargers / 100;
  return {
    name: 'demo',
    timeScale: 10,
    rampUpS: Math.min(30, chargers / 10),
    faultsPerHour: {
      'status-error': 24 * perHundred,
      event: 6 * perHundred,
      security: 2 * perHundred,
      'temperature-drift': 3 * perHundred,
      flapping: 1 * perHundred,
      'stuck-connector': 2 * perHundred,
      dead: 0.5 * perHundred,
    },
    clearsBy: { self: 4, 'soft-reset': 3, 'hard-reset': 1, unlock: 1, repair: 2 },
    selfClearS: [20, 300],
    mrecShare: 0.3,
    sessions: { perChargerPerHour: 1.5, durationS: [300, 1_800] },
  };
}

function fleetChargers(count: number): ChargerConfigInput[] {
  const out: ChargerConfigInput[] = [];
  let n = 0;
  for (const [version, k] of allocate(count, MIX)) {
    for (let i = 0; i < k; i++) {
      const m = MODELS[n % MODELS.length]!;
      out.push({
        id: `DEMO-${String(++n).padStart(4, '0')}`,
        ocppVersion: version as OcppVersion,
        vendor: m.vendor,
        model: m.model,
        firmwareVersion: m.firmware[n % 5 === 0 ? 1 : 0]!,
        evses: [...m.evses],
      });
    }
  }
  return out;
}

async function ensureDashboardBuilt(io: CliIo): Promise<void> {
  if (existsSync(WEB_DIST)) return;
  io.out('Building the dashboard (first run)…');
  try {
    const vite = await import('vite');
    await vite.build({ configFile: fileURLToPath(new URL('../web/vite.config.ts', import.meta.url)), logLevel: 'warn' });
  } catch (err) {
    io.err(`chargemend demo: could not build the dashboard (${(err as Error).message.split('\n')[0]}); run \`npm run build:web\`. The API still runs.`);
  }
}

/** Demo users for every role; an existing one (a re-run on the same data) gets a new password. */
async function seedUsers(runtime: Runtime): Promise<Array<{ role: Role; email: string; password: string }>> {
  const prisma = runtime.db.prisma;
  const logins = [];
  for (const u of DEMO_ROLES) {
    const password = randomBytes(12).toString('base64url').replace(/^[-_]/, 'x');
    const existing = await prisma.user.findUnique({ where: { email: u.email } });
    if (existing) await updateUser(prisma, existing.id, { password, unlock: true }, new Date());
    else await createUser(prisma, { email: u.email, name: u.name, role: u.role, password });
    logins.push({ role: u.role, email: u.email, password });
  }
  return logins;
}

export async function runDemoCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseFlags(args, { chargers: { type: 'string', default: '300' }, duration: { type: 'string' }, fresh: { type: 'boolean' } });
  const chargers = Number(values.chargers);
  const durationS = values.duration === undefined ? undefined : Number(values.duration);
  if (!Number.isInteger(chargers) || chargers < 1 || chargers > 5_000) {
    io.err('chargemend demo: --chargers must be a whole number from 1 to 5000');
    return 2;
  }
  if (durationS !== undefined && !(durationS > 0)) {
    io.err('chargemend demo: --duration must be a number of seconds above 0');
    return 2;
  }

  // Embedded defaults whatever the shell says: the demo never touches a real database or InfluxDB.
  const dataDir = resolve(process.env.DATA_DIR ?? './data', 'demo');
  if (values.fresh) await import('node:fs').then((fs) => fs.rmSync(dataDir, { recursive: true, force: true }));
  mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: undefined,
    INFLUX_URL: undefined,
    REDIS_URL: undefined,
    DATA_DIR: dataDir,
    HTTP_PORT: process.env.HTTP_PORT ?? '3000',
    OCPP_PORT: process.env.OCPP_PORT ?? '9000',
    OCPP_UNKNOWN_CHARGERS: 'auto-register',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    // plain http on a laptop or a tablet on the LAN: Secure cookies would be refused off localhost
    API_COOKIE_SECURE: 'false',
  };
  const config = loadConfig(env);
  const log = createLogger(config.logLevel);
  await ensureDashboardBuilt(io);
  const runtime = await startRuntime(config, loadApiConfig(env), log);
  const logins = await seedUsers(runtime);
  const fleet = startFleet({ url: runtime.ocppUrl, chargers: fleetChargers(chargers), scenario: demoScenario(chargers), logger: log.child({ component: 'simulator' }) });
  const byVersion = fleet.summary().byVersion;

  io.out('');
  io.out('Chargemend demo is running.');
  io.out('');
  io.out(`  Dashboard  ${runtime.httpUrl}`);
  io.out(`  API docs   ${runtime.httpUrl}/docs`);
  io.out(`  OCPP       ${runtime.ocppUrl}  (${chargers} simulated chargers: ${Object.entries(byVersion).map(([v, k]) => `${k} × ${v}`).join(', ')})`);
  io.out(`  Data       ${dataDir}  (embedded database and telemetry)`);
  io.out('');
  io.out('  Logins (new passwords on every start, shown only here):');
  for (const l of logins) io.out(`    ${l.role.padEnd(18)} ${l.email.padEnd(34)} ${l.password}`);
  io.out('');
  io.out(durationS ? `Stops by itself after ${durationS} s.` : 'Ctrl-C stops.');

  await new Promise<void>((done) => {
    const timer = durationS ? setTimeout(done, durationS * 1000) : undefined;
    const stop = () => {
      clearTimeout(timer);
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.out('Stopping the demo…');
  await fleet.stop();
  await runtime.stop();
  log.flush();
  return 0;
}
