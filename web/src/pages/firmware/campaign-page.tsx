import { api } from '../../api/client.ts';
import type { Campaign } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormError } from '../../components/form-error.tsx';
import { formatDateTimeShort } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { campaignTone } from './firmware-page.tsx';
import { ProgressBar } from './progress-bar.tsx';

const ITEM_TONE = { pending: 'queued', sent: 'in_progress', succeeded: 'succeeded', failed: 'failed' } as const;

/** A campaign: status, progress per wave and per charger, live; pause, resume, cancel. */
export function CampaignPage({ id }: { id: string }) {
  const { can } = useAuth();
  const c = useResource(() => api.get<Campaign>(`/api/firmware/campaigns/${encodeURIComponent(id)}`), id);
  useLiveEvents((e) => e.name === 'command.updated' && e.data.kind === 'updateFirmware', c.reload, 1_000);
  const act = useAction();
  const run = async (what: 'pause' | 'resume' | 'cancel') => {
    if (await act.run(() => api.post(`/api/firmware/campaigns/${id}/${what}`))) c.reload();
  };
  return (
    <section aria-labelledby="campaign-title">
      <p className="crumbs">
        <Link href="/firmware-updates">Firmware</Link> / campaign
      </p>
      <DataState resource={c} label="this campaign">
        {(v) => (
          <>
            <header className="page-head">
              <h1 id="campaign-title">
                Firmware {v.version} <StatusBadge status={campaignTone(v.status)} label={v.status} />
              </h1>
              {v.statusReason && <p className={`note ${v.status === 'halted' ? 'note-warn' : ''}`}>{v.statusReason}</p>}
              <ProgressBar counts={v.progress} />
              <dl className="facts">
                <div>
                  <dt>Chargers</dt>
                  <dd>{Object.entries(v.filter).map(([k, x]) => `${k} ${Array.isArray(x) ? x.join(', ') : String(x)}`).join(' · ')}</dd>
                </div>
                <div>
                  <dt>Waves</dt>
                  <dd>
                    canary {v.canaryPercent} %, then {v.waveSize} per wave, {Math.round(v.pauseS / 60)} min apart; halts above {Math.round(v.maxFailureRate * 100)} % failed
                  </dd>
                </div>
                <div>
                  <dt>Next wave</dt>
                  <dd>{formatDateTimeShort(v.nextWaveAt)}</dd>
                </div>
              </dl>
              {can('firmware:rollout') && (
                <div className="actions">
                  {v.status === 'running' && (
                    <button type="button" className="btn" onClick={() => void run('pause')} disabled={act.busy}>
                      Pause
                    </button>
                  )}
                  {(v.status === 'paused' || v.status === 'halted') && (
                    <button type="button" className="btn" onClick={() => void run('resume')} disabled={act.busy}>
                      Resume
                    </button>
                  )}
                  {['running', 'paused', 'halted'].includes(v.status) && (
                    <button type="button" className="btn btn-danger-outline" onClick={() => void run('cancel')} disabled={act.busy}>
                      Cancel the campaign
                    </button>
                  )}
                </div>
              )}
              <FormError error={act.error} />
            </header>
            <div className="panel">
              <h2>Waves</h2>
              <table className="table compact" aria-label="Waves">
                <tbody>
                  {v.perWave.map((w) => (
                    <tr key={w.wave}>
                      <th scope="row">{w.canary ? 'Canary' : `Wave ${w.wave}`}</th>
                      <td>
                        <ProgressBar counts={w} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="panel">
              <h2>Chargers</h2>
              <DataTable label="Chargers of the campaign" compact headers={['Charger', 'Wave', 'State', 'Sent', 'Finished', 'Error']}>
                {v.items.map((i) => (
                  <tr key={i.chargerId}>
                    <th scope="row">
                      <Link href={`/chargers/${encodeURIComponent(i.chargerId)}`}>{i.chargerId}</Link>
                    </th>
                    <td>{i.wave === 0 && v.canaryPercent > 0 ? 'canary' : i.wave}</td>
                    <td>
                      <StatusBadge status={ITEM_TONE[i.status]} label={i.status} />
                    </td>
                    <td>{formatDateTimeShort(i.sentAt)}</td>
                    <td>{formatDateTimeShort(i.finishedAt)}</td>
                    <td>{i.error ?? ''}</td>
                  </tr>
                ))}
              </DataTable>
            </div>
          </>
        )}
      </DataState>
    </section>
  );
}
