import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { FirmwareImage } from '../../api/resource-types.ts';
import { FINAL_COMMAND_STATUSES, type CommandView } from '../../api/service-types.ts';
import type { ChargerDetail } from '../../api/types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { FormError } from '../../components/form-error.tsx';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { useLiveFeed } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';

interface CommandLife extends CommandView {
  events: Array<{ at: string; status: string; detail: unknown }>;
}

/** Update one charger's firmware with an uploaded image: pick, confirm, then its progress live (Downloading → Installed). */
export function FirmwareUpdate({ charger }: { charger: ChargerDetail }) {
  const images = useResource(() => api.get<{ items: FirmwareImage[] }>('/api/firmware').then((r) => r.items.filter((i) => !i.model || i.model === charger.model)), charger.model ?? '');
  const [imageId, setImageId] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [commandId, setCommandId] = useState<string>();
  const send = useAction();
  const image = images.data?.find((i) => i.id === imageId) ?? images.data?.[0];
  const start = async () => {
    if (!image) return;
    const c = await send.run(() => api.post<CommandView>(`/api/chargers/${encodeURIComponent(charger.id)}/commands`, { command: { kind: 'updateFirmware', url: image.url, version: image.version }, whenOffline: 'fail' }));
    setConfirming(false);
    if (c) setCommandId(c.id);
  };
  return (
    <div className="panel" aria-labelledby="firmware-update-title">
      <h2 id="firmware-update-title">Firmware update</h2>
      <p className="small muted">
        Installed now: <strong>{charger.firmwareVersion ?? 'unknown'}</strong>. Images are uploaded on the <Link href="/firmware-updates">firmware page</Link>.
      </p>
      {images.data?.length === 0 ? (
        <p className="muted">No uploaded image fits {charger.model ?? 'this charger'}.</p>
      ) : (
        <div className="inline-form">
          <label>
            Image
            <select value={image?.id ?? ''} onChange={(e) => setImageId(e.target.value)}>
              {(images.data ?? []).map((i) => (
                <option key={i.id} value={i.id}>
                  {i.version} — {i.fileName}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn" disabled={!image || !charger.online} onClick={() => setConfirming(true)}>
            Update firmware
          </button>
          {!charger.online && <span className="muted small">The charger is offline.</span>}
        </div>
      )}
      <FormError error={send.error} />
      {commandId && <UpdateProgress commandId={commandId} chargerId={charger.id} />}
      <ConfirmDialog open={confirming} title={`Update ${charger.id} to ${image?.version ?? ''}?`} confirmLabel="Update firmware" danger busy={send.busy} onConfirm={() => void start()} onCancel={() => setConfirming(false)}>
        <p>
          The charger downloads {image?.fileName} and installs it; it restarts on its own and cannot charge meanwhile. From {charger.firmwareVersion ?? 'unknown'} to {image?.version}.
        </p>
      </ConfirmDialog>
    </div>
  );
}

/** The command's life, re-read whenever the live feed says it changed. */
function UpdateProgress({ commandId, chargerId }: { commandId: string; chargerId: string }) {
  const [tick, setTick] = useState(0);
  const life = useResource(() => api.get<CommandLife>(`/api/commands/${commandId}`), `${commandId}:${tick}`);
  const live = useLiveFeed();
  useEffect(() => live.subscribe((e) => e.name === 'command.updated' && e.data.commandId === commandId && setTick((n) => n + 1)), [live, commandId]);
  const c = life.data;
  if (!c) return null;
  const steps = c.events.map((e) => {
    const d = e.detail as { progress?: unknown } | null;
    return { at: e.at, label: typeof d?.progress === 'string' ? d.progress : humanize(e.status) };
  });
  const final = FINAL_COMMAND_STATUSES.includes(c.status);
  return (
    <div className="progress" role="status" aria-live="polite" data-testid="firmware-progress" data-status={c.status}>
      <strong>Firmware {String(c.command.version ?? '')} on {chargerId}</strong>: {final ? `finished — ${humanize(c.status)}` : (c.progress ?? 'sent, waiting for the charger…')}
      {c.error && <span className="connector-error"> · {c.error}</span>}
      <ol className="steps">
        {steps.map((s, i) => (
          <li key={`${s.at}/${i}`}>
            <StatusBadge status={s.label === 'Installed' ? 'succeeded' : /fail/i.test(s.label) ? 'failed' : 'in_progress'} label={s.label} /> <time dateTime={s.at}>{new Date(s.at).toLocaleTimeString('en-GB')}</time>
          </li>
        ))}
      </ol>
    </div>
  );
}
