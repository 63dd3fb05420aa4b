import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RPCClient } from 'ocpp-rpc';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../core/db/database.ts';
import { createUser } from '../../core/users/create-user.ts';
import { startFleet, type Fleet } from '../../simulator/fleet/fleet.ts';
import { eventually, ocppClient } from '../support/ocpp-client.ts';
import { createTestDatabase, type TestDatabase } from '../support/pg.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { startChargemend, type ChargemendProcess } from './support/chargemend-process.ts';

// The gateway dies the hard way (SIGKILL of a `chargemend start` process, nothing runs on the way down)
// with a fleet connected, faults open and a command on the wire; a new process starts on the same
// database and port. The fleet's reconnect storm is absorbed, re-reported faults open no second ticket,
// and the command that was on the wire is marked failed with a reason.

const FLEET = 120;
const FAULTED = 10;
const PASSWORD = 'a long enough operator password';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('gateway restart', () => {
  let tdb: TestDatabase;
  let db: Database;
  let first: ChargemendProcess | undefined;
  let second: TestRuntime | undefined;
  let fleet: Fleet | undefined;
  let mute: RPCClient | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'chargemend-gw-restart-'));

  beforeAll(async () => {
    tdb = await createTestDatabase('cm_restart');
    db = await openDatabase({ databaseUrl: tdb.url, dataDir, log: pino({ level: 'silent' }), poolSize: 2 });
  });
  afterAll(async () => {
    await mute?.close({ force: true }).catch(() => undefined);
    await fleet?.stop();
    await first?.kill();
    await second?.close();
    await db?.close();
    await tdb?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('absorbs the reconnect storm, opens no duplicate tickets and fails the command that was on the wire', { timeout: 90_000 }, async () => {
    const t0 = Date.now();
    // TEST_STEPS=1 prints where the time goes
    const step = (what: string) => process.env.TEST_STEPS && process.stderr.write(`[gateway-restart +${Date.now() - t0} ms] ${what}\n`);
    const ocppPort = await freePort();
    const env = {
      DATABASE_URL: tdb.url,
      DATA_DIR: dataDir,
      OCPP_HOST: '127.0.0.1',
      OCPP_PORT: String(ocppPort),
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: '0',
      OCPP_UNKNOWN_CHARGERS: 'auto-register',
      LOG_LEVEL: 'warn',
      API_COOKIE_SECURE: 'false',
    };
    first = await startChargemend(env);
    step('first process ready');

    fleet = startFleet({
      url: first.ocppUrl,
      count: FLEET,
      mix: { '1.6': 2, '2.0.1': 1, '2.1': 1 },
      idPrefix: `GWR-${process.pid}-`,
      scenario: {
        timeScale: 20,
        template: { webSocketPingIntervalS: 0, bootRetryS: 1, callTimeoutMs: 5_000, reconnect: { initialDelayMs: 100, maxDelayMs: 1_000, factor: 2, jitter: 0.5 } },
      },
    });
    await fleet.awaitBooted(FLEET, 30_000);
    step('fleet booted');
    const faulted = fleet.chargers.slice(0, FAULTED);
    for (const c of faulted) c.injectFault({ kind: 'status-error', errorCode: 'GroundFailure', connectorId: 1, clearsBy: 'repair' });
    const faultedIds = faulted.map((c) => c.id);
    await eventually(async () => (await db.prisma.ticket.count({ where: { chargerId: { in: faultedIds } } })) === FAULTED, 20_000, 'a ticket per faulted charger');
    step('tickets opened');

    // a charger that takes a Reset and never answers: the command stays on the wire
    mute = ocppClient(first.ocppUrl, `GWR-MUTE-${process.pid}`, 'ocpp1.6');
    mute.handle('Reset', () => new Promise(() => undefined));
    await mute.connect();
    step('mute connected');
    await mute.call('BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Mute' });
    step('mute booted');
    await createUser(db.prisma, { email: 'ops@example.com', name: 'Ops', role: 'supervisor', password: PASSWORD });
    step('user created');
    const login = await fetch(`${first.httpUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ops@example.com', password: PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    step('logged in');
    void fetch(`${first.httpUrl}/api/chargers/GWR-MUTE-${process.pid}/commands`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: { kind: 'reset', type: 'soft' } }),
    }).catch(() => undefined);
    step('command posted');
    const onTheWire = await eventually(() => db.prisma.command.findFirst({ where: { chargerId: `GWR-MUTE-${process.pid}`, status: 'sent' } }).then((c) => c ?? undefined), 10_000, 'the Reset on the wire');

    await first.kill();
    first = undefined;
    step('killed');

    const { DATA_DIR: _ownDir, ...sameDatabaseAndPort } = env;
    second = await startTestRuntime(sameDatabaseAndPort, { embedded: true });
    step('second runtime ready');
    expect(second.ocppUrl).toBe(`ws://127.0.0.1:${ocppPort}/ocpp`);

    // the command that was on the wire cannot be answered any more: failed, with the reason
    const failed = await db.prisma.command.findUniqueOrThrow({ where: { id: onTheWire.id } });
    expect(failed).toMatchObject({ status: 'failed', error: expect.stringContaining('interrupted'), completedAt: expect.any(Date) });
    const life = await db.prisma.commandEvent.findMany({ where: { commandId: onTheWire.id }, orderBy: { id: 'asc' } });
    expect(life.at(-1)).toMatchObject({ status: 'failed', detail: { error: expect.stringContaining('interrupted') } });

    // the storm: every charger of the fleet is back on the new process
    await eventually(() => second!.gateway.connections.size >= FLEET, 30_000, `${FLEET} chargers reconnected`);
    step('storm absorbed');
    expect(fleet.summary().reconnects).toBeGreaterThanOrEqual(FLEET);

    // the faulted chargers reboot and report their still active faults again: the open tickets take them
    const rebooted = new Set<string>();
    fleet.on('booted', (c) => {
      if (faultedIds.includes(c.id)) rebooted.add(c.id);
    });
    const faultsBefore = await db.prisma.fault.count({ where: { chargerId: { in: faultedIds } } });
    await Promise.all(faulted.map((c) => second!.commands.issue({ chargerId: c.id, command: { kind: 'reset', type: 'soft' }, requestedBy: 'system' })));
    await eventually(() => rebooted.size === FAULTED, 15_000, 'the faulted chargers to boot again');
    step('faulted rebooted');
    await eventually(async () => (await db.prisma.fault.count({ where: { chargerId: { in: faultedIds } } })) >= faultsBefore + FAULTED, 15_000, 'the faults re-reported after the reboot');
    await second.settled();
    const tickets = await db.prisma.ticket.groupBy({ by: ['chargerId'], where: { chargerId: { in: faultedIds } }, _count: { _all: true } });
    expect(tickets).toHaveLength(FAULTED);
    expect(tickets.every((t) => t._count._all === 1)).toBe(true);
    expect(await db.prisma.ticket.count({ where: { chargerId: { startsWith: `GWR-${process.pid}-` } } })).toBe(FAULTED);
  });
});
