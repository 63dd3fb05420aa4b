import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { startFleet, type Fleet } from './fleet/fleet.ts';
import { parseMix, type Mix } from './fleet/mix.ts';
import { loadScenario, type Scenario } from './fleet/scenario.ts';
import { FleetDisplay } from './cli-display.ts';

// `chargemend simulate`: runs a fleet of virtual chargers against a CSMS until Ctrl-C or --duration.

export interface SimulateIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  isTTY: boolean;
}

export const SIMULATE_HELP = `Usage: chargemend simulate --url ws://HOST:PORT/PATH [options]

Runs virtual OCPP chargers (1.6, 2.0.1, 2.1) against a CSMS until Ctrl-C or --duration.

Options:
  --url URL             CSMS WebSocket base URL (ws:// or wss://); chargers connect to URL/<id>  (required)
  --chargers N          number of chargers (default 1)
  --mix SPEC            versions by weight, e.g. 1.6:60,2.0.1:30,2.1:10 (default 1.6:100)
  --scenario FILE       scenario (JSON or YAML): fault rates, ramp-up, storms, sessions
  --duration S          stop after S seconds (default: run until Ctrl-C)
  --time-scale X        simulated seconds per real second for OCPP intervals (default: scenario's, or 1)
  --id-prefix P         charger ids are P<version>-<n> (default SIM)
  --ground-truth FILE   append injected/cleared faults as JSON lines to FILE
  --json                print the final summary as one JSON object on the last line
  --log-level LEVEL     pino level for charger logs on stderr (default silent)
  -h, --help            show this help
`;

class UsageError extends Error {}

interface Flags {
  url: string;
  chargers: number;
  mix: Mix;
  scenarioPath: string | undefined;
  durationS: number | undefined;
  timeScale: number | undefined;
  idPrefix: string;
  groundTruth: string | undefined;
  json: boolean;
  logLevel: string;
}

function parseFlags(argv: string[]): Flags | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' }, chargers: { type: 'string' }, mix: { type: 'string' }, scenario: { type: 'string' },
        duration: { type: 'string' }, 'time-scale': { type: 'string' }, 'id-prefix': { type: 'string' },
        'ground-truth': { type: 'string' }, json: { type: 'boolean' }, 'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
  if (values.help) return 'help';
  const number = (name: string, text: string | undefined, min: number, max: number, integer: boolean): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new UsageError(`invalid --${name}: '${text}' (expected ${integer ? 'an integer' : 'a number'} from ${min} to ${max})`);
    }
    return n;
  };
  if (!values.url) throw new UsageError('missing --url (the CSMS WebSocket URL, e.g. ws://127.0.0.1:9000/ocpp)');
  if (!/^wss?:\/\/[^/\s]+/.test(values.url)) throw new UsageError(`invalid --url: '${values.url}' (expected ws://… or wss://…)`);
  const levels = ['silent', 'fatal', 'error', 'warn', 'info', 'debug', 'trace'];
  const logLevel = values['log-level'] ?? 'silent';
  if (!levels.includes(logLevel)) throw new UsageError(`invalid --log-level: '${logLevel}' (one of ${levels.join(', ')})`);
  const idPrefix = values['id-prefix'] ?? 'SIM';
  if (!/^[A-Za-z0-9._-]{1,24}$/.test(idPrefix)) throw new UsageError(`invalid --id-prefix: '${idPrefix}'`);
  let mix: Mix;
  try {
    mix = parseMix(values.mix ?? '1.6:100');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return {
    url: values.url,
    chargers: number('chargers', values.chargers, 1, 100_000, true) ?? 1,
    mix,
    scenarioPath: values.scenario,
    durationS: number('duration', values.duration, 0.001, 31_536_000, false),
    timeScale: number('time-scale', values['time-scale'], 0.001, 10_000, false),
    idPrefix,
    groundTruth: values['ground-truth'],
    json: values.json ?? false,
    logLevel,
  };
}

/** Runs `chargemend simulate`; resolves with the exit code. */
export async function runSimulateCli(argv: string[], io: SimulateIo = { stdout: process.stdout, stderr: process.stderr, isTTY: !!process.stdout.isTTY }): Promise<number> {
  let flags: Flags | 'help';
  let scenario: Scenario | undefined;
  try {
    flags = parseFlags(argv);
    if (flags === 'help') {
      io.stdout.write(SIMULATE_HELP);
      return 0;
    }
    if (flags.scenarioPath) scenario = await loadScenario(flags.scenarioPath);
  } catch (err) {
    io.stderr.write(`chargemend simulate: ${(err as Error).message}\n`);
    return err instanceof UsageError ? 2 : 1;
  }

  const logger = pino({ level: flags.logLevel }, pino.destination({ dest: 2, sync: false }));
  const fleet: Fleet = startFleet({
    url: flags.url,
    count: flags.chargers,
    mix: flags.mix,
    idPrefix: flags.idPrefix,
    scenario: { ...(scenario ?? {}), ...(flags.timeScale !== undefined ? { timeScale: flags.timeScale } : {}) },
    ...(flags.groundTruth ? { groundTruthPath: flags.groundTruth } : {}),
    logger,
  });
  const display = new FleetDisplay(fleet, io, !flags.json && io.isTTY);
  display.start();

  // Runs until Ctrl-C / SIGTERM or --duration; the keep-alive timer holds the process open meanwhile.
  let keepAlive: NodeJS.Timeout | undefined;
  let onSignal: (() => void) | undefined;
  await new Promise<void>((resolve) => {
    onSignal = resolve;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    keepAlive = setTimeout(resolve, flags.durationS !== undefined ? flags.durationS * 1000 : 2 ** 31 - 1);
  });
  clearTimeout(keepAlive);
  if (onSignal) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const summary = fleet.summary();
  display.stop();
  await fleet.stop();
  if (flags.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
  else display.printSummary(summary);
  if (fleet.bootsSeen === 0) {
    io.stderr.write(`chargemend simulate: no charger could boot at ${flags.url}\n`);
    return 1;
  }
  return 0;
}
