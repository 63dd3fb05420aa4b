import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../core/config.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { runChargerCommand, CHARGER_HELP } from './charger-command.ts';
import { runMigrateCommand } from './migrate-command.ts';
import { loadApiConfig, type ApiConfig } from '../api/config.ts';
import { startRole, startRuntime, type Role } from './runtime.ts';
import { runUserCommand, USER_HELP } from './user-command.ts';

const HELP = `Usage: chargemend <command> [options]

Commands:
  demo               try it: everything on embedded defaults, a simulated fleet, demo logins (start here)
  start              run every role in one process (gateway, core, telemetry, HTTP)
  gateway            multi-node: an OCPP gateway node (needs REDIS_URL)
  api                multi-node: an HTTP API node (needs REDIS_URL)
  worker             multi-node: a worker node — tickets, diagnosis, webhooks (needs REDIS_URL)
  migrate            apply database migrations and exit
  charger <action>   register chargers, set passwords, approve pending ones (chargemend charger --help)
  user <action>      create users (the first admin), set passwords, unlock (chargemend user --help)
  simulate           run a fleet of virtual chargers against a gateway (chargemend simulate --help)

Options:
  -h, --help         show help for a command
  -v, --version      print the version

Configuration comes from environment variables; see README.md ("Configuration").`;

const START_HELP = `Usage: chargemend start

Runs the OCPP gateway (OCPP_PORT, default 9000) and the HTTP server (HTTP_PORT, default 3000) in one
process. Without DATABASE_URL the embedded database lives in DATA_DIR (default ./data); without
INFLUX_URL telemetry goes to the embedded store. Prints "ready ocpp=… http=…" when ready; Ctrl-C stops.`;

const ROLE_HELP: Record<Role, string> = {
  gateway: `Usage: chargemend gateway

A gateway node of a multi-node deployment (README "Scale-out"): accepts chargers on OCPP_PORT, records
their connections, status and telemetry, publishes their events to Redis and runs the commands other nodes
route to the chargers it holds. Needs REDIS_URL and a shared DATABASE_URL. Prints "ready role=gateway …".`,
  api: `Usage: chargemend api

An API node of a multi-node deployment: the HTTP API, dashboard and live feed on HTTP_PORT; commands go
through Redis to the gateway node holding the charger. Needs REDIS_URL. Prints "ready role=api …".`,
  worker: `Usage: chargemend worker

A worker node of a multi-node deployment: takes domain events from Redis (one consumer group, at least
once) — fault intake, tickets, diagnosis, self-healing, command follow-ups, webhooks. Run one or more.
Needs REDIS_URL. Prints "ready role=worker …".`,
};

const MIGRATE_HELP = `Usage: chargemend migrate

Applies pending migrations from prisma/migrations to DATABASE_URL (or the embedded database) and exits.
Safe to run while other processes start: migrations are serialised with an advisory lock.`;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const stdio: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Parses flags strictly; unknown flags become a one-line error rather than a stack trace. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  return parseArgs({ args, options, strict: true, allowPositionals });
}

export async function main(argv: string[], io: CliIo = stdio): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.out((await import('../package.json', { with: { type: 'json' } })).default.version);
        return 0;
      case 'start':
        if (wantsHelp(rest, io, START_HELP)) return 0;
        parseFlags(rest, {});
        return await start(io);
      case 'gateway':
      case 'api':
      case 'worker':
        if (wantsHelp(rest, io, ROLE_HELP[command])) return 0;
        parseFlags(rest, {});
        return await runRole(command, io);
      case 'demo': {
        const { runDemoCommand, DEMO_HELP } = await import('./demo-command.ts');
        if (wantsHelp(rest, io, DEMO_HELP)) return 0;
        return await runDemoCommand(rest, io);
      }
      case 'migrate':
        if (wantsHelp(rest, io, MIGRATE_HELP)) return 0;
        parseFlags(rest, {});
        return await withConfig(io, (config, log) => runMigrateCommand(config, log, io));
      case 'charger':
        if (rest.length === 0 || wantsHelp(rest.slice(0, 1), io, CHARGER_HELP)) {
          if (rest.length === 0) io.out(CHARGER_HELP);
          return rest.length === 0 ? 2 : 0;
        }
        return await withConfig(io, (config, log) => runChargerCommand(rest, config, log, io));
      case 'user':
        if (rest.length === 0 || wantsHelp(rest.slice(0, 1), io, USER_HELP)) {
          if (rest.length === 0) io.out(USER_HELP);
          return rest.length === 0 ? 2 : 0;
        }
        return await withConfig(io, (config, log) => runUserCommand(rest, config, log, io));
      case 'simulate': {
        const { runSimulateCli } = await import('../simulator/cli.ts');
        return await runSimulateCli(rest);
      }
      default:
        io.err(`chargemend: unknown command '${command}' (see chargemend --help)`);
        return 2;
    }
  } catch (err) {
    io.err(`chargemend ${command}: ${oneLine(err)}`);
    return err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
  }
}

function wantsHelp(args: string[], io: CliIo, text: string): boolean {
  if (args.includes('-h') || args.includes('--help')) {
    io.out(text);
    return true;
  }
  return false;
}

function oneLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0] ?? message;
}

async function withConfig(io: CliIo, fn: (config: Config, log: Logger, apiConfig: ApiConfig) => Promise<number>): Promise<number> {
  let config: Config;
  let apiConfig: ApiConfig;
  try {
    config = loadConfig();
    apiConfig = loadApiConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`chargemend: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  try {
    return await fn(config, log, apiConfig);
  } finally {
    log.flush();
  }
}

async function start(io: CliIo): Promise<number> {
  return withConfig(io, async (config, log, apiConfig) => {
    const runtime = await startRuntime(config, apiConfig, log);
    io.out(`ready ocpp=${runtime.ocppUrl} http=${runtime.httpUrl}`);
    await untilSignal(log);
    await runtime.stop();
    return 0;
  });
}

async function runRole(role: Role, io: CliIo): Promise<number> {
  return withConfig(io, async (config, log, apiConfig) => {
    const node = await startRole(role, config, apiConfig, log);
    io.out(['ready', `role=${role}`, `node=${node.nodeId}`, ...(node.ocppUrl ? [`ocpp=${node.ocppUrl}`] : []), ...(node.httpUrl ? [`http=${node.httpUrl}`] : [])].join(' '));
    await untilSignal(log);
    await node.stop();
    return 0;
  });
}

function untilSignal(log: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
