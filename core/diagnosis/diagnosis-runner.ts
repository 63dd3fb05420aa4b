import type { Logger } from 'pino';
import type { TelemetryStore } from '../../telemetry/types.ts';
import type { CommandService } from '../commands/command-service.ts';
import type { PrismaClient } from '../db/database.ts';
import type { ChargerCommand } from '../domain/commands.ts';
import type { ConnectorRef } from '../domain/charger.ts';
import type { EventBus } from '../event-bus.ts';
import type { TicketService } from '../tickets/ticket-service.ts';
import type { CatalogueEntry, CheckName, DiagnosisCatalogue } from './catalogue.ts';
import type { RemediationClaim } from './remediation-claims.ts';
import { triggerAndWait } from '../commands/trigger-and-wait.ts';

export interface CheckResult {
  name: CheckName | 'siteCorrelation';
  status: 'ok' | 'warning' | 'failed' | 'skipped';
  summary: string;
  data?: unknown;
  ranAt: string;
}

export interface DiagnosisTarget {
  ticketId: string;
  chargerId: string;
  connector: ConnectorRef;
  entry: CatalogueEntry;
  at: Date;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// plausibility bounds for readings around a fault (EU 230 V ±10 %; electronics above 70 °C derate)
const BOUNDS: Record<string, { min?: number; max?: number }> = { Temperature: { max: 70 }, Voltage: { min: 207, max: 253 } };

/**
 * The automatic checks of a new ticket: asks the charger (fresh status, meter values, configuration),
 * reads telemetry around the fault, connection and fault history, firmware against the known-bad list,
 * and other chargers of the site. Results go into the ticket's diagnosis, one entry per check.
 */
export class DiagnosisRunner {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly telemetry: TelemetryStore,
    private readonly commands: CommandService,
    private readonly tickets: TicketService,
    private readonly catalogue: DiagnosisCatalogue,
    private readonly bus: EventBus,
    private readonly opts: { checkTimeoutMs: number },
    private readonly log: Logger,
  ) {}

  /**
   * Runs the checks and writes the diagnosis; false when it was not written because `claim` (the fault
   * response's; none when it could not be checked) was lost meanwhile — the worker that took it over writes
   * it — or because the ticket was reclassified: the response to the new class writes its own.
   */
  async run(t: DiagnosisTarget, claim: RemediationClaim | undefined): Promise<boolean> {
    const charger = await this.prisma.charger.findUnique({ where: { id: t.chargerId } });
    const online = await this.commands.isConnected(t.chargerId);
    const names: Array<CheckName | 'siteCorrelation'> = [...t.entry.checks, ...(t.entry.siteCorrelation ? (['siteCorrelation'] as const) : [])];
    const results = await Promise.all(
      names.map((name) =>
        this.check(name, t, online, charger).catch((err: unknown): CheckResult => {
          this.log.warn({ err, check: name, ticketId: t.ticketId }, 'diagnosis check failed');
          return result(name, 'failed', `check failed: ${(err as Error).message}`);
        }),
      ),
    );
    const site = results.find((r) => r.name === 'siteCorrelation' && r.status === 'warning');
    const likelyCauses = site ? ['the site supply (several chargers of the site report it)', ...t.entry.likelyCauses] : t.entry.likelyCauses;
    const warnings = results.filter((r) => r.status === 'warning').map((r) => r.summary);
    if (claim && !claim.held) {
      this.log.warn({ ticketId: t.ticketId }, 'lost the claim on a ticket during its diagnosis: another worker diagnoses it');
      return false;
    }
    const written = await this.tickets.setDiagnosis(t.ticketId, t.entry.key, {
      entryKey: t.entry.key,
      catalogueVersion: this.catalogue.version,
      title: t.entry.title,
      description: t.entry.description,
      severity: t.entry.severity,
      likelyCauses,
      recommendedAction: site ? `Likely the supply, not the charger: ${t.entry.recommendedAction}` : t.entry.recommendedAction,
      parts: t.entry.parts,
      selfHealing: { allowed: t.entry.selfHealing.allowed, steps: t.entry.selfHealing.steps },
      outOfService: t.entry.outOfService,
      generic: t.entry.generic ?? false,
      checks: results,
      summary: warnings.length ? warnings.join(' · ') : 'no check found anything unusual',
      completedAt: new Date().toISOString(),
    });
    if (!written) this.log.info({ ticketId: t.ticketId, faultClass: t.entry.key }, 'diagnosis not written: the ticket was reclassified meanwhile');
    return written;
  }

  private async check(name: CheckName | 'siteCorrelation', t: DiagnosisTarget, online: boolean, charger: { firmwareVersion: string | null; model: string | null; vendor: string | null; siteId: string | null } | null): Promise<CheckResult> {
    switch (name) {
      case 'status':
        if (!online) return result(name, 'skipped', 'charger offline');
        return this.askCharger(name, t, { kind: 'triggerMessage', message: 'StatusNotification', ...(t.connector.evseId > 0 ? { connector: t.connector } : {}) }, 'connector.status', async () => {
          const rows = await this.prisma.connector.findMany({ where: { chargerId: t.chargerId }, orderBy: [{ evseId: 'asc' }, { connectorId: 'asc' }] });
          const data = rows.map((r) => ({ evseId: r.evseId, connectorId: r.connectorId, status: r.status, errorCode: r.errorCode, since: r.statusAt }));
          const faulted = rows.filter((r) => r.status === 'Faulted').length;
          return { status: faulted ? 'warning' : 'ok', summary: faulted ? `${faulted} connector(s) still Faulted` : 'status re-read: no connector Faulted', data };
        });
      case 'meterValues':
        if (!online) return result(name, 'skipped', 'charger offline');
        return this.askCharger(name, t, { kind: 'triggerMessage', message: 'MeterValues', ...(t.connector.evseId > 0 ? { connector: t.connector } : {}) }, 'meter.values', async (seen, askedAt) => {
          const latest = await this.telemetry.latest(t.chargerId);
          // the event is seen only in the gateway's own process; on another node the readings' timestamps tell
          const fresh = seen || latest.some((l) => l.ts >= askedAt);
          return { status: 'ok', summary: fresh ? 'fresh meter values received' : 'no fresh meter values arrived; latest stored shown', data: latest.slice(0, 20) };
        });
      case 'configuration': {
        if (t.entry.configKeys.length === 0) return result(name, 'skipped', 'no configuration keys relevant to this fault');
        if (!online) return result(name, 'skipped', 'charger offline');
        const cmd = await this.commands.issue({ chargerId: t.chargerId, command: { kind: 'getConfiguration', keys: t.entry.configKeys }, requestedBy: 'rule:diagnosis', ticketId: t.ticketId });
        const done = await this.commands.waitForFinal(cmd, this.opts.checkTimeoutMs);
        if (done.status !== 'succeeded') return result(name, 'failed', `GetConfiguration ${done.status}${done.error ? `: ${done.error}` : ''}`, { commandId: cmd.id });
        return result(name, 'ok', `read ${t.entry.configKeys.length} key(s)`, { commandId: cmd.id, ...(done.result as object) });
      }
      case 'telemetry': {
        const from = new Date(t.at.getTime() - 30 * 60_000);
        const to = new Date(Math.max(Date.now(), t.at.getTime()));
        const series = await Promise.all(
          t.entry.telemetry.map(async (measurand) => {
            const points = await this.telemetry.series({ chargerId: t.chargerId, measurand, from, to, resolutionS: 60 });
            const values = points.map((p) => p.value);
            if (values.length === 0) return { measurand, points: 0 };
            return { measurand, points: values.length, min: Math.min(...values), max: Math.max(...values), last: values.at(-1) };
          }),
        );
        const out = series.filter((s) => s.points > 0 && outOfBounds(s.measurand, s.min!, s.max!));
        const empty = series.every((s) => s.points === 0);
        return result(
          name,
          out.length ? 'warning' : 'ok',
          out.length ? out.map((s) => `${s.measurand} ${s.min}–${s.max} outside plausible bounds`).join('; ') : empty ? 'no telemetry in the 30 minutes before the fault' : 'readings of the last 30 minutes within bounds',
          series,
        );
      }
      case 'connectionHistory': {
        const since = new Date(Date.now() - DAY);
        const connections = await this.prisma.chargerConnection.findMany({ where: { chargerId: t.chargerId, connectedAt: { gte: since } }, orderBy: { connectedAt: 'desc' }, take: 50 });
        const drops = connections.filter((c) => c.disconnectedAt !== null && c.closeCode !== 1000).length;
        return result(name, drops >= 5 ? 'warning' : 'ok', `${connections.length} connection(s) and ${drops} drop(s) in 24 h; ${online ? 'online now' : 'offline now'}`, {
          connections: connections.length,
          drops,
          online,
        });
      }
      case 'firmware': {
        const bad = this.catalogue.knownBadFirmware(charger?.vendor, charger?.model, charger?.firmwareVersion);
        if (!charger?.firmwareVersion) return result(name, 'skipped', 'firmware version unknown');
        return bad ? result(name, 'warning', `firmware ${charger.firmwareVersion} is on the known-bad list: ${bad.note}`, bad) : result(name, 'ok', `firmware ${charger.firmwareVersion} not on the known-bad list`);
      }
      case 'faultHistory': {
        const since = new Date(Date.now() - 30 * DAY);
        const where = { faultClass: t.entry.key, reportedAt: { gte: since } };
        const [onCharger, onModel, onSite] = await Promise.all([
          this.prisma.fault.count({ where: { ...where, chargerId: t.chargerId } }),
          charger?.model ? this.prisma.fault.count({ where: { ...where, charger: { model: charger.model } } }) : Promise.resolve(0),
          charger?.siteId ? this.prisma.fault.count({ where: { ...where, charger: { siteId: charger.siteId } } }) : Promise.resolve(0),
        ]);
        return result(name, onCharger >= 3 ? 'warning' : 'ok', `${onCharger} on this charger, ${onModel} on its model, ${onSite} on its site in 30 days`, { onCharger, onModel, onSite });
      }
      case 'siteCorrelation': {
        if (!charger?.siteId) return result(name, 'skipped', 'charger has no site');
        const others = await this.prisma.fault.findMany({
          where: { faultClass: t.entry.key, reportedAt: { gte: new Date(t.at.getTime() - 15 * 60_000) }, charger: { siteId: charger.siteId }, NOT: { chargerId: t.chargerId } },
          distinct: ['chargerId'],
          select: { chargerId: true },
        });
        return others.length > 0
          ? result(name, 'warning', `${others.length} other charger(s) of the site report it in the last 15 minutes: likely the supply`, { chargers: others.map((o) => o.chargerId) })
          : result(name, 'ok', 'no other charger of the site reports it');
      }
    }
  }

  /** Sends a TriggerMessage and waits briefly for the message it asks for. */
  private async askCharger(
    name: CheckName,
    t: DiagnosisTarget,
    command: ChargerCommand,
    expect: 'connector.status' | 'meter.values',
    conclude: (fresh: boolean, askedAt: Date) => Promise<Pick<CheckResult, 'status' | 'summary' | 'data'>>,
  ): Promise<CheckResult> {
    // a charger's clock may run a little behind ours: a reading up to 2 s older still counts as the answer
    const askedAt = new Date(Date.now() - 2_000);
    const { cmd, done, fresh } = await triggerAndWait(this.bus, this.commands, { chargerId: t.chargerId, command, requestedBy: 'rule:diagnosis', ticketId: t.ticketId }, expect, {
      commandTimeoutMs: this.opts.checkTimeoutMs,
      waitMs: Math.min(2_000, this.opts.checkTimeoutMs),
    });
    if (done.status !== 'succeeded') return result(name, 'failed', `TriggerMessage ${done.status}${done.error ? `: ${done.error}` : ''}`, { commandId: cmd.id });
    const c = await conclude(fresh, askedAt);
    return { name, ...c, data: { commandId: cmd.id, ...(typeof c.data === 'object' && c.data !== null && !Array.isArray(c.data) ? c.data : { values: c.data }) }, ranAt: new Date().toISOString() };
  }
}

function outOfBounds(measurand: string, min: number, max: number): boolean {
  const b = BOUNDS[measurand];
  return b !== undefined && ((b.max !== undefined && max > b.max) || (b.min !== undefined && min < b.min));
}

function result(name: CheckResult['name'], status: CheckResult['status'], summary: string, data?: unknown): CheckResult {
  return { name, status, summary, ...(data !== undefined ? { data } : {}), ranAt: new Date().toISOString() };
}
