import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { fromDbSeverity, OPEN_STATUSES } from '../core/tickets/ticket-service.ts';
import type { ApiDeps } from './api-deps.ts';

const FINAL_COMMAND_STATUSES = new Set(['succeeded', 'rejected', 'failed', 'timed_out', 'expired']);
const SEVERITIES = ['safety-critical', 'high', 'medium', 'low', 'transient', 'none'] as const;

/**
 * The Prometheus instruments of one app (its own registry, so several apps in a test never clash).
 * Values that live elsewhere (connected chargers, queue depths, command outcomes) are read at scrape time.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly liveClients: Gauge;
  readonly liveDropped: Counter;
  private readonly offBus: () => void;

  constructor(deps: ApiDeps) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'chargemend_' });
    this.httpDuration = new Histogram({
      name: 'chargemend_http_request_duration_seconds',
      help: 'HTTP API requests by route and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });
    this.liveClients = new Gauge({ name: 'chargemend_live_clients', help: 'open live-feed (SSE) connections', registers });
    this.liveDropped = new Counter({ name: 'chargemend_live_dropped_events_total', help: 'live-feed events dropped for clients too slow to read them', registers });

    new Gauge({
      name: 'chargemend_connected_chargers',
      help: 'chargers with an open OCPP connection to this node',
      registers,
      collect() {
        this.set(deps.gateway?.connectedCount() ?? 0);
      },
    });
    new Counter({
      name: 'chargemend_ocpp_messages_total',
      help: 'OCPP messages received, by action (rate() gives messages/s)',
      labelNames: ['action'],
      registers,
      collect() {
        if (!deps.gateway?.messagesByAction) return;
        this.reset();
        for (const [action, n] of deps.gateway.messagesByAction()) this.inc({ action }, n);
      },
    });
    // Counted by the bus and read at scrape time: meter.values alone are published thousands of times a
    // second, and prom-client hashes the label set on every inc(). A catch-all subscription would also
    // make the bus build and deliver every event just to count it.
    new Counter({
      name: 'chargemend_domain_events_total',
      help: 'domain events published by this process, by type',
      labelNames: ['type'],
      registers,
      collect() {
        this.reset();
        for (const [type, n] of deps.bus.published()) this.inc({ type }, n);
      },
    });
    const outcomes = new Counter({
      name: 'chargemend_command_outcomes_total',
      help: 'remote commands that reached a final status on this node, by kind and status (rate() by status gives failure rates)',
      labelNames: ['kind', 'status'],
      registers,
    });
    this.offBus = deps.bus.watch('command.updated', (e) => {
      if (FINAL_COMMAND_STATUSES.has(e.status)) outcomes.inc({ kind: e.kind, status: e.status });
    });
    new Gauge({
      name: 'chargemend_open_tickets',
      help: 'tickets still being worked on, by severity ("none" for tickets without one)',
      labelNames: ['severity'],
      registers,
      async collect() {
        const rows = await deps.prisma.ticket.groupBy({ by: ['severity'], where: { status: { in: [...OPEN_STATUSES] } }, _count: { _all: true } });
        for (const s of SEVERITIES) this.set({ severity: s }, 0);
        for (const r of rows) this.set({ severity: r.severity ? fromDbSeverity(r.severity) : 'none' }, r._count._all);
      },
    });
    new Gauge({
      name: 'chargemend_commands',
      help: 'remote commands by status (final statuses are the outcomes)',
      labelNames: ['status'],
      registers,
      async collect() {
        const rows = await deps.prisma.command.groupBy({ by: ['status'], _count: { _all: true } });
        this.reset();
        for (const r of rows) this.set({ status: r.status }, r._count._all);
      },
    });
    new Gauge({
      name: 'chargemend_queue_depth',
      help: 'items waiting, by queue',
      labelNames: ['queue'],
      registers,
      async collect() {
        this.set({ queue: 'telemetry_points' }, deps.telemetry.stats().buffered);
        this.set({ queue: 'webhook_deliveries' }, await deps.prisma.webhookDelivery.count({ where: { status: 'pending' } }));
      },
    });
  }

  close(): void {
    this.offBus();
  }
}
