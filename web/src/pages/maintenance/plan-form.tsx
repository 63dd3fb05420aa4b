import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { FormError } from '../../components/form-error.tsx';
import { lines } from '../../components/format.ts';

/** A plan for one charger or every charger of a model: interval, usage limits, lead time, checklist. */
export function PlanForm({ onDone }: { onDone(): void }) {
  const save = useAction();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<'charger' | 'model'>('charger');
  const [target, setTarget] = useState('');
  const [intervalDays, setIntervalDays] = useState(180);
  const [leadDays, setLeadDays] = useState(14);
  const [energy, setEnergy] = useState('');
  const [checklist, setChecklist] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      [scope === 'charger' ? 'chargerId' : 'model']: target.trim(),
      intervalDays,
      leadDays,
      ...(energy ? { energyKwhPerService: Number(energy) } : {}),
      ...(lines(checklist).length ? { checklist: lines(checklist) } : {}),
    };
    if (await save.run(() => api.post('/api/maintenance/plans', body))) onDone();
  };
  return (
    <form className="workflow-form" aria-labelledby="plan-form-title" onSubmit={(e) => void submit(e)}>
      <h3 id="plan-form-title">New maintenance plan</h3>
      <div className="form-grid">
        <label>
          Name
          <input required value={name} onChange={(e) => setName(e.target.value)} placeholder="DC charger, half-yearly" />
        </label>
        <label>
          For
          <select value={scope} onChange={(e) => setScope(e.target.value as 'charger' | 'model')}>
            <option value="charger">one charger</option>
            <option value="model">every charger of a model</option>
          </select>
        </label>
        <label>
          {scope === 'charger' ? 'Charger id' : 'Model'}
          <input required value={target} onChange={(e) => setTarget(e.target.value)} />
        </label>
        <label>
          Interval (days)
          <input type="number" min={1} max={3650} required value={intervalDays} onChange={(e) => setIntervalDays(Number(e.target.value))} />
        </label>
        <label>
          Visit opens (days ahead)
          <input type="number" min={0} max={365} value={leadDays} onChange={(e) => setLeadDays(Number(e.target.value))} />
        </label>
        <label>
          Or after (kWh delivered)
          <input type="number" min={1} value={energy} onChange={(e) => setEnergy(e.target.value)} />
        </label>
      </div>
      <label>
        Checklist (one item per line; empty: the model's checklist)
        <textarea rows={4} value={checklist} onChange={(e) => setChecklist(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Add the plan
      </button>
    </form>
  );
}
