import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalogue } from '../../core/diagnosis/catalogue.ts';
import type { TicketRecord } from '../../core/tickets/ticket-service.ts';
import { awaitEvent } from '../../simulator/await-event.ts';
import type { ChargerConfigInput, OcppVersion } from '../../simulator/config.ts';
import { MemoryGroundTruth } from '../../simulator/faults/ground-truth-log.ts';
import { VirtualCharger } from '../../simulator/virtual-charger.ts';
import type { TestRuntime } from './runtime.ts';

let seq = 0;

/** The default catalogue with every wait shortened, so self-healing ladders run in test time. */
export function fastCatalogueFile(waitForClearS = 3): string {
  const c = loadCatalogue();
  const file = join(tmpdir(), `catalogue-fast-${process.pid}-${++seq}.json`);
  writeFileSync(file, JSON.stringify({ version: 'test-fast', entries: c.entries.map((e) => ({ ...e, selfHealing: { ...e.selfHealing, waitForClearS } })) }));
  return file;
}

/** A virtual charger (the real simulator) connected to the runtime's gateway and booted. */
export async function bootedCharger(rt: TestRuntime, version: OcppVersion, overrides: Partial<ChargerConfigInput> = {}) {
  const truth = new MemoryGroundTruth();
  const charger = new VirtualCharger(
    {
      id: `E2E-${version.replace(/\./g, '')}-${process.pid}-${++seq}`,
      ocppVersion: version,
      timeScale: 20,
      rebootDelayMs: 50,
      callTimeoutMs: 5_000,
      webSocketPingIntervalS: 0,
      meterValueSampleIntervalS: 60,
      bootRetryS: 1,
      reconnect: { initialDelayMs: 50, maxDelayMs: 500, factor: 2, jitter: 0.2 },
      ...overrides,
    },
    { url: rt.ocppUrl, groundTruth: truth },
  );
  const booted = awaitEvent(charger, 'booted');
  charger.start();
  await booted;
  return { charger, truth };
}

/** Waits for the ticket of a charger that satisfies `match` (bounded), driven by ticket events. */
export async function ticketOf(rt: TestRuntime, chargerId: string, match: (t: TicketRecord) => boolean = () => true, timeoutMs = 10_000): Promise<TicketRecord> {
  const find = async () => (await rt.db.prisma.ticket.findMany({ where: { chargerId }, orderBy: { createdAt: 'asc' } })).find(match);
  const now = await find();
  if (now) return now;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      void find().then((t) => (t ? resolve(t) : reject(new Error(`no matching ticket for ${chargerId} within ${timeoutMs} ms`))));
    }, timeoutMs);
    const off = rt.bus.watch('ticket.updated', (e) => {
      if (e.chargerId !== chargerId) return;
      void find().then((t) => {
        if (!t) return;
        clearTimeout(timer);
        off();
        resolve(t);
      });
    });
  });
}
