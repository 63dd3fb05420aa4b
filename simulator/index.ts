// The simulator's public API: virtual chargers, fleets, fault specs and the ground-truth log.
export { VirtualCharger, type ChargerDeps } from './virtual-charger.ts';
export type { ChargerEvents } from './charger-events.ts';
export type { ChargerSnapshot } from './charger-snapshot.ts';
export { resolveChargerConfig, type ChargerConfig, type ChargerConfigInput, type OcppVersion } from './config.ts';
export { startFleet, Fleet, type FleetOptions, type FleetSummary } from './fleet/fleet.ts';
export { loadScenario, parseScenario, type Scenario, type ScenarioInput } from './fleet/scenario.ts';
export { faultSpecSchema, FAULT_KINDS, type FaultSpecInput, type FaultKind } from './faults/fault-spec.ts';
export { faultCatalogue, loadFaultCatalogue, FAULT_CATALOGUE_PATH, type ExpectedSeverity, type ClearsBy } from './faults/fault-catalogue.ts';
export { GroundTruthLog, MemoryGroundTruth, type GroundTruthRecord, type GroundTruthSink } from './faults/ground-truth-log.ts';
export { awaitEvent } from './await-event.ts';
export { runSimulateCli } from './cli.ts';
