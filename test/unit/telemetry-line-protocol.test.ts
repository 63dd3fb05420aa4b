import { describe, expect, it } from 'vitest';
import { refusedPoints } from '../../telemetry/influx-http.ts';
import { LineProtocolSerializer } from '../../telemetry/line-protocol.ts';
import { PointQueue } from '../../telemetry/point-queue.ts';
import type { TelemetryPoint } from '../../telemetry/types.ts';

const ts = new Date('2026-11-26T10:00:00.123Z');
const base = { ts, chargerId: 'CP-1', evseId: 1, connectorId: 2 };

describe('LineProtocolSerializer', () => {
  it.each<[string, TelemetryPoint, string]>([
    [
      'meter: all tags, sorted by key, ms timestamp',
      { ...base, kind: 'meter', measurand: 'Voltage', phase: 'L1-N', unit: 'V', location: 'Outlet', context: 'Sample.Periodic', value: 230.5 },
      'meter,charger=CP-1,connector=2,context=Sample.Periodic,evse=1,location=Outlet,measurand=Voltage,phase=L1-N,unit=V value=230.5 1795687200123',
    ],
    [
      'meter: only the tags present; integers stay floats (no i suffix)',
      { ...base, kind: 'meter', measurand: 'Energy.Active.Import.Register', value: 12 },
      'meter,charger=CP-1,connector=2,evse=1,measurand=Energy.Active.Import.Register value=12 1795687200123',
    ],
    [
      'meter: tag values escaped; a line break cannot end the line',
      { ...base, kind: 'meter', chargerId: 'CP 1,a=b\nc', measurand: 'Power.Active.Import', value: -1.5e-7 },
      'meter,charger=CP\\ 1\\,a\\=b\\ c,connector=2,evse=1,measurand=Power.Active.Import value=-1.5e-7 1795687200123',
    ],
    [
      'meter: UTF-8 tag values, a time before 1970',
      { ...base, kind: 'meter', chargerId: 'Zürich-Ladepunkt-1', measurand: 'Voltage', ts: new Date(-86_400_001), value: 0.1 },
      'meter,charger=Zürich-Ladepunkt-1,connector=2,evse=1,measurand=Voltage value=0.1 -86400001',
    ],
    [
      'status with error code',
      { ...base, kind: 'status', status: 'Faulted', errorCode: 'Ground"Failure' },
      'status,charger=CP-1,connector=2,evse=1 errorCode="Ground\\"Failure",status="Faulted" 1795687200123',
    ],
    ['status without error code', { ...base, kind: 'status', status: 'Available' }, 'status,charger=CP-1,connector=2,evse=1 status="Available" 1795687200123'],
    [
      'connection without reason still has its field',
      { ts, chargerId: 'CP-1', kind: 'connection', event: 'connected' },
      'connection,charger=CP-1,event=connected reason="" 1795687200123',
    ],
    [
      'connection with reason',
      { ts, chargerId: 'CP-1', kind: 'connection', event: 'disconnected', reason: 'code 1006' },
      'connection,charger=CP-1,event=disconnected reason="code 1006" 1795687200123',
    ],
  ])('%s', (_name, point, line) => {
    const s = new LineProtocolSerializer();
    expect(s.line(point)).toBe(line);
    // as the store writes it: through a queue (meter points as shared series), twice through the series cache
    expect(s.serialize([point, point])).toBe(`${line}\n${line}`);
  });

  it('joins a batch with newlines and keeps series apart in its cache', () => {
    const s = new LineProtocolSerializer();
    const a: TelemetryPoint = { ...base, kind: 'meter', measurand: 'Current.Import', phase: 'L1', value: 1 };
    const b: TelemetryPoint = { ...a, phase: 'L2', value: 2 };
    const c: TelemetryPoint = { ...a, phase: undefined, value: 3 };
    expect(s.serialize([a, b, c]).split('\n')).toEqual([
      'meter,charger=CP-1,connector=2,evse=1,measurand=Current.Import,phase=L1 value=1 1795687200123',
      'meter,charger=CP-1,connector=2,evse=1,measurand=Current.Import,phase=L2 value=2 1795687200123',
      'meter,charger=CP-1,connector=2,evse=1,measurand=Current.Import value=3 1795687200123',
    ]);
  });
});

describe('LineProtocolSerializer bodies', () => {
  it('writes each point with its own time and value, however the times repeat, and grows past its first guess', () => {
    const s = new LineProtocolSerializer();
    const at = [0, 1_795_687_200_123, 1_795_687_200_123, 9, 1_795_687_200_124, 1e15];
    const points: TelemetryPoint[] = at.map((ms, i) => ({ ...base, kind: 'meter', measurand: 'Power.Active.Import', ts: new Date(ms), value: i * 1.25 }));
    // status lines far longer than a meter line: the body outgrows its estimate of bytes per point
    const long: TelemetryPoint[] = Array.from({ length: 50 }, (_, i) => ({ ...base, kind: 'status', status: 'Faulted', errorCode: `E${i}-${'x'.repeat(2_000)}` }));
    const all = [...points, ...long, ...points];
    expect(s.serialize(all).split('\n')).toEqual(all.map((p) => s.line(p)));
    expect(s.line(points[0]!)).toBe('meter,charger=CP-1,connector=2,evse=1,measurand=Power.Active.Import value=0 0');
    expect(s.line(points[5]!)).toBe('meter,charger=CP-1,connector=2,evse=1,measurand=Power.Active.Import value=6.25 1000000000000000');
  });
});

describe('refusedPoints (InfluxDB 400/422 answers)', () => {
  it.each([
    ['{"error":"partial write: points beyond retention policy dropped=3"}', 3],
    ['{"error":"partial write: unable to parse \'bad\': invalid field format\\nunable to parse \'x\': time outside range dropped=0"}', 2],
    ['{"error":"partial write: field type conflict: input field \\"value\\" … dropped=1"}', 1],
    ['{"error":"field type conflict"}', 50],
    ['{"code":"invalid","message":"unable to parse line"}', 50],
  ])('%s → %i of 50', (body, n) => {
    expect(refusedPoints(body, 50)).toBe(n);
  });

  it('builds a large batch in turns, letting other work run in between (a zero budget: a turn per chunk), with the same body', async () => {
    const s = new LineProtocolSerializer();
    const points: TelemetryPoint[] = Array.from({ length: 2_500 }, (_, i) => ({ ...base, kind: 'meter', measurand: 'Voltage', phase: `L${i % 3}`, value: i }));
    let otherWorkRan = false;
    setImmediate(() => {
      otherWorkRan = true;
    });
    const queue = new PointQueue();
    for (const p of points) queue.push(p);
    const body = (await s.serializeBatch(queue.take(points.length), 0)).toString('utf8');
    // had it serialised in one go, the body would be ready before the event loop's next turn
    expect(otherWorkRan).toBe(true);
    expect(body).toBe(new LineProtocolSerializer().serialize(points));
    expect(body.split('\n')).toHaveLength(2_500);
  });
});
