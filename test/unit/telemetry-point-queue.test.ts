import { describe, expect, it } from 'vitest';
import { MeterSeries, PointQueue, type PointBatch } from '../../telemetry/point-queue.ts';
import type { MeterPoint, TelemetryPoint } from '../../telemetry/types.ts';

const t0 = 1_795_687_200_000;
const meter = (n: number, over: Partial<MeterPoint> = {}): MeterPoint => ({
  kind: 'meter',
  ts: new Date(t0 + n),
  chargerId: 'CP-1',
  evseId: 1,
  connectorId: 1,
  measurand: 'Power.Active.Import',
  value: n,
  phase: undefined,
  unit: undefined,
  location: undefined,
  context: undefined,
  ...over,
});
const values = (batch: PointBatch | readonly TelemetryPoint[]) => ('points' in batch ? batch.points() : batch).map((p) => (p.kind === 'meter' ? p.value : p.kind));

function filled(count: number, from = 0): PointQueue {
  const q = new PointQueue();
  for (let i = 0; i < count; i++) q.push(meter(from + i));
  return q;
}

describe('PointQueue', () => {
  it('gives back every kind of point as it went in, oldest first', () => {
    const q = new PointQueue();
    const points: TelemetryPoint[] = [
      meter(1, { phase: 'L1', unit: 'W', location: 'Outlet', context: 'Sample.Periodic', evseId: 2, connectorId: 3 }),
      { kind: 'status', ts: new Date(t0), chargerId: 'CP-1', evseId: 1, connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' },
      { kind: 'connection', ts: new Date(t0), chargerId: 'CP-1', event: 'disconnected', reason: 'code 1006' },
      meter(-0.5),
    ];
    for (const p of points) q.push(p);
    expect(q.size).toBe(4);
    expect(q.take(10).points()).toEqual(points);
    expect(q.size).toBe(0);
  });

  it('keeps one object per meter series, not per point, even when the strings come from different frames', () => {
    const q = new PointQueue();
    q.push(meter(1));
    // a fresh string with the same content, as JSON.parse makes for every frame
    q.push(meter(2, { measurand: ['Power', 'Active', 'Import'].join('.') }));
    q.push(meter(3, { phase: 'L1' }));
    const { entries } = q.take(3);
    expect(entries[0]).toBeInstanceOf(MeterSeries);
    expect(entries[1]).toBe(entries[0]);
    expect(entries[2]).not.toBe(entries[0]);
  });

  it('finds the right series when a charger changes the order or the tags of its readings', () => {
    const q = new PointQueue();
    const energy = { ts: new Date(t0), measurand: 'Energy.Active.Import.Register', value: 1, unit: 'Wh' };
    const voltage = { ts: new Date(t0), measurand: 'Voltage', value: 230, unit: 'V', phase: 'L1-N' };
    const send = (connectorId: number, ...readings: (typeof energy | typeof voltage)[]) => readings.forEach((r, i) => q.pushMeter('CP-9', 1, connectorId, r, i));
    send(1, energy, voltage);
    send(1, voltage, energy); // swapped
    send(1, energy, { ...voltage, phase: 'L2-N' }); // same position, another phase
    send(2, energy, voltage); // another connector
    const b = q.take(8);
    const [e1, v1, v2, e2, e3, v3, e4, v4] = b.entries;
    expect(v2).toBe(v1);
    expect(e2).toBe(e1);
    expect(e3).toBe(e1);
    expect(v3).not.toBe(v1);
    expect(b.point(5)).toMatchObject({ measurand: 'Voltage', phase: 'L2-N', connectorId: 1 });
    expect(e4).not.toBe(e1);
    expect(v4).not.toBe(v1);
    expect(b.point(7)).toMatchObject({ measurand: 'Voltage', phase: 'L1-N', connectorId: 2 });
  });

  it('keeps series apart whose tags differ only in which field holds which text', () => {
    const q = new PointQueue();
    const base = { ts: new Date(t0), measurand: 'Current.Import', value: 1 };
    // OCPP 2.x units are free text: no unit or phase text can pass for another field or for a missing one
    const readings = [
      { ...base, phase: undefined, unit: 'null' },
      { ...base, phase: 'null', unit: undefined },
      { ...base, phase: 'L1', unit: 'A","Outlet' },
      { ...base, phase: 'L1', unit: 'A', location: 'Outlet' },
    ];
    readings.forEach((r) => q.pushMeter('CP-7', 1, 1, r, 0));
    readings.forEach((r) => q.pushMeter('CP-7', 1, 1, r, 1));
    const b = q.take(8);
    expect(new Set(b.entries.slice(0, 4)).size).toBe(4);
    b.entries.slice(4).forEach((e, i) => expect(e).toBe(b.entries[i]));
    expect(b.point(2)).toMatchObject({ phase: 'L1', unit: 'A","Outlet', location: undefined });
  });

  it('stays first-in first-out across growth and compaction', () => {
    const q = new PointQueue();
    const out: number[] = [];
    let next = 0;
    // uneven pushes and takes walk the head far past the first capacity many times over
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 700; i++) q.push(meter(next++));
      out.push(...(values(q.take(round % 3 === 0 ? 1_500 : 400)) as number[]));
    }
    out.push(...(values(q.take(q.size)) as number[]));
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it('puts failed batches back at the front in their order, ahead of newer points', () => {
    const q = filled(30);
    const first = q.take(10);
    const second = q.take(10);
    q.push(meter(30));
    q.restore([first, second]);
    expect(values(q.take(q.size))).toEqual(Array.from({ length: 31 }, (_, i) => i));
  });

  it('discards the oldest and hands over the newest', () => {
    const q = filled(20);
    q.discardOldest(5);
    expect(values(q.takeNewest(3))).toEqual([17, 18, 19]);
    expect(q.size).toBe(12);
    q.push(meter(99));
    expect(values(q.drain())).toEqual([...Array.from({ length: 12 }, (_, i) => 5 + i), 99]);
    expect(q.size).toBe(0);
  });

  it('keeps the order after a large backlog drains (where its arrays shrink)', () => {
    const q = filled(100_000);
    expect(values(q.take(99_990))).toHaveLength(99_990);
    q.push(meter(100_000));
    expect(values(q.take(q.size))).toEqual(Array.from({ length: 11 }, (_, i) => 99_990 + i));
  });

  it('keeps taking points after it was emptied at exactly its capacity', () => {
    // 4,096 points fill the arrays exactly (1,024 doubled twice); taking them all shrinks them. They once
    // shrank to nothing and never grew again: every later point was sent without its value and time.
    for (const batches of [[4_096], [2_048, 2_048], [4_000, 96]]) {
      const q = filled(4_096);
      for (const n of batches) q.take(n);
      for (let i = 0; i < 3_000; i++) q.push(meter(10_000 + i));
      const b = q.take(3_000);
      expect(values(b)).toEqual(Array.from({ length: 3_000 }, (_, i) => 10_000 + i));
      expect(b.point(2_999)).toMatchObject({ ts: new Date(t0 + 12_999) });
    }
  });
});
