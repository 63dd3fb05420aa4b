import { api } from '../../api/client.ts';
import type { CampaignSummary, FirmwareImage } from '../../api/resource-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { bytes, formatDateTimeShort } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { ProgressBar } from './progress-bar.tsx';
import { CampaignForm, FirmwareUpload } from './firmware-forms.tsx';

const CAMPAIGN_TONE: Record<string, string> = { running: 'in_progress', paused: 'medium', halted: 'failed', completed: 'succeeded', cancelled: 'expired' };
export const campaignTone = (s: string) => CAMPAIGN_TONE[s] ?? 'queued';

/** Hosted firmware images and the campaigns rolling them out. */
export function FirmwarePage() {
  const { can } = useAuth();
  const images = useResource(() => api.get<{ items: FirmwareImage[] }>('/api/firmware').then((r) => r.items), 'images');
  const campaigns = useResource(() => api.get<Page<CampaignSummary>>('/api/firmware/campaigns', { limit: 50 }).then((r) => r.items), 'campaigns');
  useLiveEvents((e) => e.name === 'command.updated' && e.data.kind === 'updateFirmware', campaigns.reload, 2_000);
  return (
    <section aria-labelledby="firmware-title">
      <h1 id="firmware-title">Firmware</h1>
      <div className="panel">
        <h2>Campaigns</h2>
        <DataState resource={campaigns} label="campaigns">
          {(items) =>
            items.length === 0 ? (
              <p className="muted">No campaign yet.</p>
            ) : (
              <table className="table" aria-label="Campaigns">
                <thead>
                  <tr>
                    {['Campaign', 'Status', 'Progress', 'Wave', 'Started'].map((h) => (
                      <th key={h} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <th scope="row">
                        <Link href={`/firmware-updates/campaigns/${c.id}`}>Firmware {c.version}</Link> <span className="muted small">{Object.entries(c.filter).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`).join(' · ')}</span>
                      </th>
                      <td>
                        <StatusBadge status={campaignTone(c.status)} label={c.status} />
                      </td>
                      <td>
                        <ProgressBar counts={c.progress} />
                      </td>
                      <td>
                        {c.currentWave + 1} of {c.waves}
                      </td>
                      <td>{formatDateTimeShort(c.createdAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </DataState>
      </div>
      {can('firmware:rollout') && images.data && images.data.length > 0 && <CampaignForm images={images.data} />}
      <div className="panel">
        <h2>Images</h2>
        <DataState resource={images} label="firmware images">
          {(items) =>
            items.length === 0 ? (
              <p className="muted">No image uploaded.</p>
            ) : (
              <table className="table compact" aria-label="Firmware images">
                <tbody>
                  {items.map((i) => (
                    <tr key={i.id}>
                      <th scope="row">{i.version}</th>
                      <td>{i.fileName}</td>
                      <td>{i.model ?? 'any model'}</td>
                      <td>{bytes(i.sizeBytes)}</td>
                      <td className="small muted">sha256 {i.sha256.slice(0, 12)}…</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )
          }
        </DataState>
        {can('firmware:write') && <FirmwareUpload onDone={images.reload} />}
      </div>
    </section>
  );
}
