import { ChargerInbox } from '../../core/chargers/charger-inbox.ts';
import { ChargerRegistry } from '../../core/chargers/charger-registry.ts';
import { ConnectorStatusTracker } from '../../core/chargers/connector-status.ts';
import type { ChargerPresence } from '../../core/chargers/presence.ts';
import { TransactionService } from '../../core/chargers/transactions.ts';
import type { EventBus } from '../../core/event-bus.ts';
import { GatewayCommandSender } from '../../gateway/command-sender.ts';
import { OcppGateway } from '../../gateway/ocpp-gateway.ts';
import { listenOrExplain, type Base } from './base.ts';

export interface GatewayPieces {
  registry: ChargerRegistry;
  transactions: TransactionService;
  gateway: OcppGateway;
  /** commands over the sockets this node holds */
  sender: GatewayCommandSender;
  /** opens the OCPP port; call last, once everything that handles charger traffic is in place */
  listen(): Promise<{ port: number; url: string }>;
}

/** The OCPP edge: server, registry (with presence in multi-node mode), status tracker, transactions, inbox. */
export function buildGateway(base: Base, bus: EventBus, presence: ChargerPresence | undefined): GatewayPieces {
  const { config, db, telemetry, log, cleanups } = base;
  const registry = new ChargerRegistry(db.prisma, bus, { ...config.ocpp, nodeId: config.nodeId, presence }, log.child({ component: 'registry' }));
  registry.start();
  cleanups.push(() => registry.stop());
  const transactions = new TransactionService(db.prisma, bus);
  const statuses = new ConnectorStatusTracker(db.prisma, telemetry, bus, log.child({ component: 'status' }));
  const inbox = new ChargerInbox(registry, statuses, transactions, telemetry, bus);
  const gateway = new OcppGateway(
    { registry, inbox, log: log.child({ component: 'gateway' }) },
    { host: config.ocpp.host, port: config.ocpp.port, maxPayloadBytes: config.ocpp.maxPayloadBytes, callTimeoutMs: config.ocpp.commandTimeoutMs, tls: config.ocpp.tls, limits: config.ocpp.limits, pingIntervalMs: config.ocpp.pingIntervalS * 1000 },
  );
  const sender = new GatewayCommandSender(gateway.connections, log.child({ component: 'commands' }), config.ocpp.commandTimeoutMs);
  return {
    registry,
    transactions,
    gateway,
    sender,
    async listen() {
      if (!presence) {
        const stale = await registry.forgetPreviousRun();
        if (stale.connections > 0) log.info(stale, 'closed connection records left open by the previous run');
      }
      const ocpp = await listenOrExplain(() => gateway.listen(), 'OCPP', 'OCPP_PORT', config.ocpp.port);
      cleanups.push(() => gateway.close());
      return ocpp;
    },
  };
}
