import { describe, expect, it } from 'vitest';
import { startTestRuntime } from '../support/runtime.ts';
import { bootedCharger, ticketOf } from '../support/sim.ts';

describe('stopping the product', () => {
  it('does not wait for a remediation ladder under way (the default catalogue waits 15 min for a HighTemperature clear)', async () => {
    const rt = await startTestRuntime({ OCPP_UNKNOWN_CHARGERS: 'auto-register' });
    const { charger } = await bootedCharger(rt, '1.6');
    charger.injectFault({ kind: 'status-error', errorCode: 'HighTemperature', connectorId: 1, clearsBy: 'repair' });
    await ticketOf(rt, charger.id, (t) => t.status === 'remote_action', 15_000);
    await charger.stop();
    const t0 = Date.now();
    await rt.close();
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
