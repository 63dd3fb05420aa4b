import { afterEach } from 'vitest';
import type { ChargerConfigInput, OcppVersion } from '../../simulator/config.ts';
import { MemoryGroundTruth } from '../../simulator/faults/ground-truth-log.ts';
import { VirtualCharger } from '../../simulator/virtual-charger.ts';
import { FakeCsms, type FakeCsmsOptions } from '../support/fake-csms.ts';

export const VERSIONS: OcppVersion[] = ['1.6', '2.0.1', '2.1'];

let seq = 0;

/** Test-data builder: a fast charger (50× simulated time, short reboots and backoff). */
export function aChargerConfig(version: OcppVersion, overrides: Partial<ChargerConfigInput> = {}): ChargerConfigInput {
  return {
    id: `SIM-${version.replace(/\./g, '')}-${process.pid}-${++seq}`,
    ocppVersion: version,
    timeScale: 50,
    rebootDelayMs: 30,
    callTimeoutMs: 3_000,
    webSocketPingIntervalS: 0,
    meterValueSampleIntervalS: 10,
    bootRetryS: 1,
    reconnect: { initialDelayMs: 20, maxDelayMs: 200, factor: 2, jitter: 0.2 },
    ...overrides,
  };
}

export interface Rig {
  csms: FakeCsms;
  charger: VirtualCharger;
  truth: MemoryGroundTruth;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

/** A fake CSMS and one charger connected to it; both torn down after the test. */
export async function rig(version: OcppVersion, overrides: Partial<ChargerConfigInput> = {}, csmsOptions: FakeCsmsOptions = {}): Promise<Rig> {
  const csms = await FakeCsms.start(csmsOptions);
  const truth = new MemoryGroundTruth();
  const charger = new VirtualCharger(aChargerConfig(version, overrides), { url: csms.url, groundTruth: truth });
  cleanups.push(() => csms.stop(), () => charger.stop());
  return { csms, charger, truth };
}

/** Starts the charger and waits for its accepted boot. */
export async function booted(r: Rig): Promise<Rig> {
  const done = new Promise((resolve) => r.charger.once('booted', resolve));
  r.charger.start();
  await done;
  return r;
}

/** Polls a condition on the charger's own state (for state that has no event of its own). */
export async function until(condition: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
