import type { EvseConfig } from './config.ts';
import type { Random } from './random.ts';

// Plausible electrical readings for one connector. The energy register is non-volatile (it survives
// reboots, like a real meter) and only rises; power follows a simple charging curve (ramp-up, and a taper
// above 80 % SoC on DC); voltage and current are per phase on AC; temperature rises with load.

export interface MeterReading {
  ac: boolean;
  energyWh: number;
  powerW: number;
  /** per phase for AC (length 1 or 3), one value for DC */
  voltageV: number[];
  currentA: number[];
  temperatureC: number;
  /** DC only, during a session */
  socPct: number | undefined;
}

const AMBIENT_C = 22;

export class ConnectorMeter {
  energyWh: number;
  powerW = 0;
  temperatureC = AMBIENT_C;
  socPct: number | undefined;
  /** extra heating from an injected temperature-drift fault, in °C */
  driftC = 0;
  private batteryWh = 60_000;
  private sessionS = 0;

  constructor(
    private readonly evse: EvseConfig,
    private readonly random: Random,
  ) {
    this.energyWh = Math.round(random.between(100_000, 5_000_000));
  }

  beginSession(): void {
    this.sessionS = 0;
    if (this.evse.currentType === 'DC') {
      this.socPct = Math.round(this.random.between(10, 40));
      this.batteryWh = Math.round(this.random.between(40_000, 100_000));
    }
  }

  endSession(): void {
    this.powerW = 0;
    this.socPct = undefined;
  }

  /** Advances the simulation by `dtS` simulated seconds. */
  advance(dtS: number, charging: boolean): void {
    if (dtS <= 0) return;
    if (charging) {
      this.sessionS += dtS;
      const ramp = Math.min(1, this.sessionS / 30);
      let target = this.evse.maxPowerW * this.random.between(0.85, 0.98) * ramp;
      if (this.socPct !== undefined && this.socPct > 80) target *= Math.max(0.1, (100 - this.socPct) / 20);
      this.powerW = Math.max(0, Math.round(target));
      const addedWh = (this.powerW * dtS) / 3600;
      this.energyWh += addedWh;
      if (this.socPct !== undefined) this.socPct = Math.min(100, this.socPct + (100 * addedWh) / this.batteryWh);
    } else {
      this.powerW = 0;
    }
    // First-order thermal model: settles at ambient + 25 °C at full power, plus any injected drift.
    const load = this.powerW / this.evse.maxPowerW;
    const target = AMBIENT_C + 25 * load + this.driftC;
    this.temperatureC += (target - this.temperatureC) * Math.min(1, dtS / 120);
    if (this.driftC > 0) this.temperatureC = Math.max(this.temperatureC, AMBIENT_C + this.driftC);
  }

  read(): MeterReading {
    const { evse, random } = this;
    if (evse.currentType === 'DC') {
      const v = this.powerW > 0 ? 350 + 0.8 * (this.socPct ?? 50) + random.between(-2, 2) : 0;
      return {
        ac: false,
        energyWh: Math.floor(this.energyWh),
        powerW: this.powerW,
        voltageV: [round1(v)],
        currentA: [v > 0 ? round1(this.powerW / v) : 0],
        temperatureC: round1(this.temperatureC),
        socPct: this.socPct === undefined ? undefined : Math.floor(this.socPct),
      };
    }
    const voltageV = Array.from({ length: evse.phases }, () => round1(230 + random.between(-3, 3)));
    const perPhaseW = this.powerW / evse.phases;
    return {
      ac: true,
      energyWh: Math.floor(this.energyWh),
      powerW: this.powerW,
      voltageV,
      currentA: voltageV.map((v) => round1(perPhaseW / v)),
      temperatureC: round1(this.temperatureC),
      socPct: undefined,
    };
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
