import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, OCPP_LIMIT_DEFAULTS } from '../../core/config.ts';
import { v16Actions } from '../../gateway/adapters/v16.ts';
import { v2Actions } from '../../gateway/adapters/v2.ts';
import type { OcppSubprotocol } from '../../ocpp/validators.ts';
import { eventually, ocppClient } from '../support/ocpp-client.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';
import { rawCharger, type RawCharger } from './raw-charger.ts';

// Hostile input on the OCPP edge, over raw WebSockets: for each kind, the CALLERROR the charger's OCPP-J
// version defines (or a close for abuse), while a healthy neighbour on the same gateway keeps getting
// answers within NEIGHBOUR_BOUND_MS. Limits are the configuration defaults (OCPP_LIMIT_DEFAULTS).

const NEIGHBOUR_BOUND_MS = 1_000;
const PROTOCOLS: OcppSubprotocol[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'];

// OCPP-J 1.6 §4.2.3 (+ errata spelling of Occurrence); OCPP 2.0.1 / 2.1 part 4 §4.3.
const CODES_16 = ['NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation', 'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation', 'TypeConstraintViolation', 'GenericError'];
const CODES_2 = ['FormatViolation', 'GenericError', 'InternalError', 'MessageTypeNotSupported', 'NotImplemented', 'NotSupported', 'OccurrenceConstraintViolation', 'PropertyConstraintViolation', 'ProtocolError', 'RpcFrameworkError', 'SecurityError', 'TypeConstraintViolation'];
const SCHEMA_16 = ['FormationViolation', 'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'OccurrenceConstraintViolation', 'TypeConstraintViolation'];
const SCHEMA_2 = ['FormatViolation', 'OccurrenceConstraintViolation', 'PropertyConstraintViolation', 'TypeConstraintViolation'];
const is16 = (p: OcppSubprotocol) => p === 'ocpp1.6';
/** not an RPC message at all: 2.x has RpcFrameworkError; 1.6 calls it a PDU that does not conform */
const framing = (p: OcppSubprotocol) => (is16(p) ? 'FormationViolation' : 'RpcFrameworkError');

/** The actions the gateway serves per version, read from the adapters themselves. */
function servedActions(p: OcppSubprotocol): string[] {
  return Object.keys(is16(p) ? v16Actions : v2Actions);
}

/** a valid CALL of an action the version defines for the other direction (validated before it is refused) */
const unsupportedCall = (p: OcppSubprotocol, id: string) =>
  is16(p) ? `[2,"${id}","RemoteStartTransaction",{"idTag":"TAG"}]` : `[2,"${id}","RequestStartTransaction",{"idToken":{"idToken":"TAG","type":"Central"},"remoteStartId":1}]`;

describe('OCPP fuzz', () => {
  let rt: TestRuntime;
  let neighbour: RPCClient;
  let seq = 0;
  const latencies: number[] = [];
  const failures: unknown[] = [];
  let beat: NodeJS.Timeout | undefined;

  async function neighbourAnswers(): Promise<number> {
    const t = performance.now();
    await neighbour.call('Heartbeat', {});
    return performance.now() - t;
  }

  async function charger(p: OcppSubprotocol): Promise<RawCharger> {
    const id = `FUZZ-${++seq}`;
    await rt.addCharger(id);
    return rawCharger(rt.ocppUrl, id, p);
  }

  /** sends a frame and returns the frame that answers it */
  async function exchange(c: RawCharger, frame: string): Promise<unknown[]> {
    const reply = c.next();
    c.send(frame);
    return reply;
  }

  beforeAll(async () => {
    rt = await startTestRuntime();
    await rt.addCharger('NEIGHBOUR');
    neighbour = ocppClient(rt.ocppUrl, 'NEIGHBOUR', 'ocpp2.0.1');
    await neighbour.connect();
    await neighbour.call('BootNotification', { reason: 'PowerUp', chargingStation: { vendorName: 'Good', model: 'Neighbour' } });
    // a steady 10 messages/s during the whole suite, well within its own limit
    beat = setInterval(() => {
      neighbourAnswers().then((ms) => latencies.push(ms), (err: unknown) => failures.push(err));
    }, 100);
  });
  afterAll(async () => {
    clearInterval(beat);
    await neighbour?.close({ force: true });
    await rt?.close();
  });

  describe.each(PROTOCOLS)('%s', (p) => {
    const codes = is16(p) ? CODES_16 : CODES_2;

    it('answers frames that are not an RPC message with the framing CALLERROR and message id "-1"', async () => {
      const c = await charger(p);
      for (const frame of ['[2,"a","Heartbeat",{', '{"not":"an array"}', '"text"', '["2","m","Heartbeat",{}]', '[2,123,"Heartbeat",{}]', '[2,null,"Heartbeat",{}]']) {
        const r = await exchange(c, frame);
        expect(r, frame).toEqual([4, '-1', framing(p), expect.any(String), {}]);
      }
      // still served afterwards: a good message resets the bad-message count
      expect(await exchange(c, '[2,"ok","Heartbeat",{}]')).toEqual([3, 'ok', { currentTime: expect.any(String) }]);
      await c.close();
      expect(await neighbourAnswers()).toBeLessThan(NEIGHBOUR_BOUND_MS);
    });

    it('answers an unknown message type id with the version\'s CALLERROR', async () => {
      const c = await charger(p);
      const r = await exchange(c, '[7,"m7","Heartbeat",{}]');
      expect(r[0]).toBe(4);
      expect(r[2]).toBe(is16(p) ? 'FormationViolation' : 'MessageTypeNotSupported');
      expect(codes).toContain(r[2]);
      await c.close();
    });

    it('answers an unknown action NotImplemented and a known one the CSMS does not serve NotSupported', async () => {
      const c = await charger(p);
      expect(await exchange(c, '[2,"u1","FlyToTheMoon",{}]')).toEqual([4, 'u1', 'NotImplemented', expect.any(String), {}]);
      expect(await exchange(c, unsupportedCall(p, 'u2'))).toEqual([4, 'u2', 'NotSupported', expect.any(String), {}]);
      await c.close();
    });

    it('answers schema violations of every action it serves with a constraint-violation CALLERROR', async () => {
      const actions = servedActions(p);
      expect(actions.length).toBeGreaterThan(5);
      const c = await charger(p);
      const schemaCodes = is16(p) ? SCHEMA_16 : SCHEMA_2;
      for (const action of actions) {
        const wrongType = await exchange(c, `[2,"t-${action}","${action}",42]`);
        // errorDetails carry the validator's findings
        expect(wrongType, action).toEqual([4, `t-${action}`, 'TypeConstraintViolation', expect.any(String), expect.any(Object)]);
        const wrongShape = await exchange(c, `[2,"s-${action}","${action}",{"__fuzz":{"x":[1,2,3]}}]`);
        expect(wrongShape[0], `${action} ${JSON.stringify(wrongShape)}`).toBe(4);
        expect(schemaCodes, action).toContain(wrongShape[2]);
      }
      await c.close();
      expect(await neighbourAnswers()).toBeLessThan(NEIGHBOUR_BOUND_MS);
    });

    it('does not answer a CALLRESULT or CALLERROR nobody asked for, and keeps the connection', async () => {
      const c = await charger(p);
      c.send('[3,"nobody-asked",{}]');
      c.send('[4,"nobody-asked","GenericError","",{}]');
      expect(await exchange(c, '[2,"after","Heartbeat",{}]')).toEqual([3, 'after', expect.any(Object)]);
      expect(c.received).toHaveLength(1);
      await c.close();
    });

    it(`closes with 1002 after ${OCPP_LIMIT_DEFAULTS.maxBadMessages} bad messages in a row`, async () => {
      const c = await charger(p);
      for (let i = 0; i <= OCPP_LIMIT_DEFAULTS.maxBadMessages; i++) c.send('not json');
      expect(await c.closed()).toMatchObject({ code: 1002 });
      expect(c.received.length).toBe(OCPP_LIMIT_DEFAULTS.maxBadMessages);
      expect(await neighbourAnswers()).toBeLessThan(NEIGHBOUR_BOUND_MS);
    });

    it('closes with 1009 on a frame larger than OCPP_MAX_PAYLOAD_BYTES', async () => {
      const c = await charger(p);
      const big = `[2,"big","DataTransfer",{"vendorId":"x","data":"${'x'.repeat(rt.config.ocpp.maxPayloadBytes)}"}]`;
      c.send(big);
      expect(await c.closed()).toMatchObject({ code: 1009 });
      expect(c.received).toEqual([]);
      expect(await neighbourAnswers()).toBeLessThan(NEIGHBOUR_BOUND_MS);
    });

    it('closes with 1003 on a binary frame, without running it', async () => {
      const c = await charger(p);
      const id = c.ws.url.split('/').pop()!;
      c.send(Buffer.from('[2,"bin","Heartbeat",{}]'), true);
      expect(await c.closed()).toMatchObject({ code: 1003 });
      expect(c.received).toEqual([]);
      await eventually(() => rt.gateway.connections.get(decodeURIComponent(id)) === undefined, 2_000, 'the gateway to drop the connection');
    });

    it('refuses a flood above the rate limit with GenericError, then closes with 1008', async () => {
      const c = await charger(p);
      const { rateBurst, maxRefusals } = OCPP_LIMIT_DEFAULTS;
      for (let i = 0; i < 2_000 && c.ws.readyState === c.ws.OPEN; i++) c.send(`[2,"f${i}","Heartbeat",{}]`);
      expect(await c.closed(5_000)).toMatchObject({ code: 1008, reason: 'rate limit exceeded' });
      const answered = c.received.filter((m) => m[0] === 3).length;
      const refused = c.received.filter((m) => m[0] === 4);
      expect(answered).toBeGreaterThanOrEqual(rateBurst);
      expect(answered).toBeLessThan(rateBurst + 20);
      expect(refused.length).toBeGreaterThanOrEqual(maxRefusals - 1);
      expect(refused[0]).toEqual([4, expect.stringMatching(/^f\d+$/), 'GenericError', expect.stringContaining('rate limit exceeded'), {}]);
      expect(await neighbourAnswers()).toBeLessThan(NEIGHBOUR_BOUND_MS);
    });
  });

  it('the neighbour was answered throughout, every time within the bound', () => {
    expect(failures).toEqual([]);
    expect(latencies.length).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(NEIGHBOUR_BOUND_MS);
  });

  it('the limits are configuration', async () => {
    const small = await startTestRuntime({ OCPP_MAX_BAD_MESSAGES: '2', OCPP_RATE_LIMIT_PER_S: '1', OCPP_RATE_LIMIT_BURST: '5', OCPP_RATE_LIMIT_MAX_REFUSALS: '3', OCPP_MAX_PAYLOAD_BYTES: '2048' });
    try {
      await small.addCharger('SMALL-1');
      await small.addCharger('SMALL-2');
      await small.addCharger('SMALL-3');
      const bad = await rawCharger(small.ocppUrl, 'SMALL-1', 'ocpp2.0.1');
      for (let i = 0; i < 3; i++) bad.send('not json');
      expect(await bad.closed()).toMatchObject({ code: 1002 });
      expect(bad.received).toHaveLength(2);
      const flood = await rawCharger(small.ocppUrl, 'SMALL-2', 'ocpp2.0.1');
      for (let i = 0; i < 50 && flood.ws.readyState === flood.ws.OPEN; i++) flood.send(`[2,"f${i}","Heartbeat",{}]`);
      expect(await flood.closed()).toMatchObject({ code: 1008 });
      expect(flood.received.filter((m) => m[0] === 3).length).toBeLessThanOrEqual(6);
      const big = await rawCharger(small.ocppUrl, 'SMALL-3', 'ocpp2.0.1');
      big.send(`[2,"big","DataTransfer",{"vendorId":"x","data":"${'x'.repeat(2048)}"}]`);
      expect(await big.closed()).toMatchObject({ code: 1009 });
    } finally {
      await small.close();
    }

    const c = loadConfig({ OCPP_MAX_BAD_MESSAGES: '3', OCPP_RATE_LIMIT_PER_S: '2.5', OCPP_RATE_LIMIT_BURST: '7', OCPP_RATE_LIMIT_MAX_REFUSALS: '4', OCPP_MAX_PAYLOAD_BYTES: '4096' });
    expect(c.ocpp.limits).toEqual({ maxBadMessages: 3, ratePerS: 2.5, rateBurst: 7, maxRefusals: 4 });
    expect(c.ocpp.maxPayloadBytes).toBe(4096);
    expect(loadConfig({}).ocpp.limits).toEqual(OCPP_LIMIT_DEFAULTS);
  });
});
