import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Campaign, FirmwareImage } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { FormError } from '../../components/form-error.tsx';
import { navigate } from '../../router.tsx';

/** Upload an image: the file is the body, its version and model in the query. */
export function FirmwareUpload({ onDone }: { onDone(): void }) {
  const save = useAction();
  const [file, setFile] = useState<File | null>(null);
  const [version, setVersion] = useState('');
  const [model, setModel] = useState('');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!file) return;
    const body = new Blob([file], { type: 'application/octet-stream' });
    if (await save.run(() => api.upload<FirmwareImage>('/api/firmware', body, { version: version.trim(), model: model.trim() || undefined, fileName: file.name }))) {
      form.reset();
      setFile(null);
      setVersion('');
      onDone();
    }
  };
  return (
    <form className="inline-form" aria-label="Upload a firmware image" onSubmit={(e) => void submit(e)}>
      <label>
        Image file
        <input type="file" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <label>
        Version
        <input required value={version} onChange={(e) => setVersion(e.target.value)} placeholder="2.5.0" />
      </label>
      <label>
        For model (optional)
        <input value={model} onChange={(e) => setModel(e.target.value)} />
      </label>
      <button type="submit" className="btn" disabled={save.busy || !file}>
        {save.busy ? 'Uploading…' : 'Upload'}
      </button>
      <FormError error={save.error} />
    </form>
  );
}

/** Roll an image out in waves: a canary share first, then waves with a pause, halting on failures. */
export function CampaignForm({ images }: { images: FirmwareImage[] }) {
  const save = useAction();
  const [imageId, setImageId] = useState(images[0]?.id ?? '');
  const image = images.find((i) => i.id === imageId);
  const [model, setModel] = useState(image?.model ?? '');
  const [fromVersion, setFromVersion] = useState('');
  const [ids, setIds] = useState('');
  const [canary, setCanary] = useState(5);
  const [waveSize, setWaveSize] = useState(50);
  const [pauseMin, setPauseMin] = useState(10);
  const [maxFail, setMaxFail] = useState(10);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const list = ids.split(/[\s,]+/).filter(Boolean);
    const filter = { ...(model.trim() ? { model: model.trim() } : {}), ...(fromVersion.trim() ? { firmwareVersion: fromVersion.trim() } : {}), ...(list.length ? { ids: list } : {}) };
    const c = await save.run(() => api.post<Campaign>('/api/firmware/campaigns', { imageId, filter, canaryPercent: canary, waveSize, pauseS: pauseMin * 60, maxFailureRate: maxFail / 100 }));
    if (c) navigate(`/firmware-updates/campaigns/${c.id}`);
  };
  return (
    <form className="panel workflow-form" aria-labelledby="campaign-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="campaign-form-title">New campaign</h2>
      <div className="form-grid">
        <label>
          Image
          <select required value={imageId} onChange={(e) => (setImageId(e.target.value), setModel(images.find((i) => i.id === e.target.value)?.model ?? ''))}>
            {images.map((i) => (
              <option key={i.id} value={i.id}>
                {i.version} — {i.fileName}
                {i.model ? ` (${i.model})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          Chargers of model
          <input value={model} onChange={(e) => setModel(e.target.value)} readOnly={!!image?.model} />
        </label>
        <label>
          Now on firmware
          <input value={fromVersion} onChange={(e) => setFromVersion(e.target.value)} />
        </label>
        <label>
          Or these chargers (ids)
          <input value={ids} onChange={(e) => setIds(e.target.value)} />
        </label>
        <label>
          Canary share (%)
          <input type="number" min={0} max={100} value={canary} onChange={(e) => setCanary(Number(e.target.value))} />
        </label>
        <label>
          Wave size
          <input type="number" min={1} value={waveSize} onChange={(e) => setWaveSize(Number(e.target.value))} />
        </label>
        <label>
          Pause between waves (min)
          <input type="number" min={0} value={pauseMin} onChange={(e) => setPauseMin(Number(e.target.value))} />
        </label>
        <label>
          Halt above failures (%)
          <input type="number" min={0} max={100} value={maxFail} onChange={(e) => setMaxFail(Number(e.target.value))} />
        </label>
      </div>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || !imageId}>
        Start the campaign
      </button>
    </form>
  );
}
