export interface FleetCounts {
  chargers: number;
  online: number;
  faultedNow: number;
  pendingRegistration: number;
  connectorsByStatus: Array<{ status: string; count: number }>;
  byModel: Array<{ model: string | null; chargers: number; online: number }>;
}

export function presentFleetSummary(c: FleetCounts) {
  return {
    chargers: c.chargers,
    online: c.online,
    offline: c.chargers - c.online,
    faultedNow: c.faultedNow,
    pendingRegistration: c.pendingRegistration,
    connectorsByStatus: Object.fromEntries(c.connectorsByStatus.map((s) => [s.status, s.count])),
    byModel: [...c.byModel].sort((a, b) => b.chargers - a.chargers),
  };
}
