import { useState, type FormEvent } from 'react';
import { CONTACT_CHANNELS, type CheckItem, type ContactChannel, type FindingSeverity } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { ChecklistField, allDone } from '../../components/checklist-field.tsx';
import { FormError } from '../../components/form-error.tsx';

const SEVERITIES: FindingSeverity[] = ['low', 'medium', 'high', 'safety_critical'];

interface Finding {
  description: string;
  severity: FindingSeverity;
  openRepair: boolean;
}

/** The visit's checklist, what was found (a finding may open a repair ticket), and how the customer is told. */
export function FindingsForm({ ticketId, checklist, onDone }: { ticketId: string; checklist: CheckItem[]; onDone(): void }) {
  const save = useAction();
  const [items, setItems] = useState<CheckItem[]>(checklist.map((c) => ({ item: c.item, done: c.done })));
  const [findings, setFindings] = useState<Finding[]>([]);
  const [channel, setChannel] = useState<ContactChannel>('email');
  const set = (i: number, patch: Partial<Finding>) => setFindings((fs) => fs.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { checklist: items, findings: findings.filter((f) => f.description.trim()), channel };
    if (await save.run(() => api.post(`/api/maintenance/visits/${ticketId}/findings`, body))) onDone();
  };
  return (
    <form className="workflow-form" aria-labelledby="findings-title" onSubmit={(e) => void submit(e)}>
      <h3 id="findings-title">Maintenance record</h3>
      <ChecklistField legend="Maintenance checklist" items={items} onChange={setItems} withResult />
      <fieldset className="checklist">
        <legend>Findings</legend>
        {findings.length === 0 && <p className="muted small">None recorded: the charger is in good order.</p>}
        {findings.map((f, i) => (
          <div key={i} className="form-grid finding">
            <label>
              Finding {i + 1}
              <input required value={f.description} onChange={(e) => set(i, { description: e.target.value })} />
            </label>
            <label>
              Severity
              <select value={f.severity} onChange={(e) => set(i, { severity: e.target.value as FindingSeverity })}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s.replace('_', ' ')}
                  </option>
                ))}
              </select>
            </label>
            <label className="check">
              <input type="checkbox" checked={f.openRepair} onChange={(e) => set(i, { openRepair: e.target.checked })} /> Open a repair ticket
            </label>
            <button type="button" className="btn btn-small" onClick={() => setFindings((fs) => fs.filter((_, j) => j !== i))}>
              Remove finding {i + 1}
            </button>
          </div>
        ))}
        <button type="button" className="btn btn-small" onClick={() => setFindings((fs) => [...fs, { description: '', severity: 'medium', openRepair: false }])}>
          Add a finding
        </button>
      </fieldset>
      <label>
        Tell the customer by
        <select value={channel} onChange={(e) => setChannel(e.target.value as ContactChannel)}>
          {CONTACT_CHANNELS.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || !allDone(items)}>
        Record the visit
      </button>
    </form>
  );
}
