import type { FirmwareCampaign, FirmwareCampaignItem } from '../../../core/db/generated/client.ts';
import { CAMPAIGN_ITEM_STATUSES } from './schema.ts';

type Counts = Record<(typeof CAMPAIGN_ITEM_STATUSES)[number], number>;
const zero = (): Counts => Object.fromEntries(CAMPAIGN_ITEM_STATUSES.map((s) => [s, 0])) as Counts;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function countsOf(rows: Array<{ status: string; _count: { _all: number } }>): Counts {
  const c = zero();
  for (const r of rows) c[r.status as keyof Counts] += r._count._all;
  return c;
}

export function presentCampaignSummary(c: FirmwareCampaign, progress: Counts) {
  return {
    id: c.id,
    imageId: c.imageId,
    version: c.version,
    firmwareUrl: c.firmwareUrl,
    filter: c.filter as Record<string, unknown>,
    canaryPercent: c.canaryPercent,
    waveSize: c.waveSize,
    pauseS: c.pauseS,
    maxFailureRate: c.maxFailureRate,
    status: c.status,
    statusReason: c.statusReason,
    currentWave: c.currentWave,
    waves: c.waves,
    nextWaveAt: iso(c.nextWaveAt),
    requestedBy: c.requestedBy,
    progress,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    finishedAt: iso(c.finishedAt),
  };
}

export function presentCampaign(c: FirmwareCampaign & { items: FirmwareCampaignItem[] }) {
  const perWave = Array.from({ length: c.waves }, (_, wave) => ({ wave, canary: wave === 0 && c.canaryPercent > 0, ...zero() }));
  const progress = zero();
  for (const i of c.items) {
    progress[i.status] += 1;
    const w = perWave[i.wave];
    if (w) w[i.status] += 1;
  }
  return {
    ...presentCampaignSummary(c, progress),
    perWave,
    items: c.items.map((i) => ({ chargerId: i.chargerId, wave: i.wave, status: i.status, commandId: i.commandId, error: i.error, sentAt: iso(i.sentAt), finishedAt: iso(i.finishedAt) })),
  };
}
