import { useState, type FormEvent } from 'react';
import type { CustomerSummary, Installation, SiteSummary } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { FormError } from '../../components/form-error.tsx';
import { isoFromInput, localInput } from '../../components/format.ts';
import { PersonSelect } from '../../components/people.tsx';
import { navigate } from '../../router.tsx';

/** An installation agreed with the customer: charger identity and model, site, appointment, installer. */
export function ScheduleForm() {
  const me = useUser();
  const save = useAction();
  const customers = useResource(() => api.get<Page<CustomerSummary>>('/api/customers', { limit: 200 }), 'customers');
  const [customerId, setCustomerId] = useState('');
  const sites = useResource(() => (customerId ? api.get<Page<SiteSummary>>('/api/sites', { customerId, limit: 200 }).then((p) => p.items) : Promise.resolve([])), customerId);
  const [siteId, setSiteId] = useState('');
  const [chargerId, setChargerId] = useState('');
  const [model, setModel] = useState('');
  const [start, setStart] = useState(localInput(new Date(Date.now() + 3 * 86_400_000)));
  const [hours, setHours] = useState(4);
  const [installerId, setInstallerId] = useState(me.id);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const from = new Date(isoFromInput(start));
    const body = {
      chargerId: chargerId.trim(),
      ...(model.trim() ? { model: model.trim() } : {}),
      ...(customerId ? { customerId } : {}),
      ...(siteId ? { siteId } : {}),
      window: { start: from.toISOString(), end: new Date(from.getTime() + hours * 3_600_000).toISOString() },
      installerId,
    };
    const inst = await save.run(() => api.post<Installation>('/api/installations', body));
    if (inst) navigate(`/installations/${inst.ticket.id}`);
  };
  return (
    <form className="panel workflow-form" aria-labelledby="schedule-title" onSubmit={(e) => void submit(e)}>
      <h2 id="schedule-title">Schedule an installation</h2>
      <div className="form-grid">
        <label>
          Charger id (it will connect with)
          <input required value={chargerId} onChange={(e) => setChargerId(e.target.value)} placeholder="CP-0042" />
        </label>
        <label>
          Model
          <input value={model} onChange={(e) => setModel(e.target.value)} placeholder="AC22-T2" />
        </label>
        <label>
          Customer
          <select value={customerId} onChange={(e) => (setCustomerId(e.target.value), setSiteId(''))}>
            <option value="">none</option>
            {(customers.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site
          <select value={siteId} onChange={(e) => setSiteId(e.target.value)} disabled={!customerId}>
            <option value="">none</option>
            {(sites.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Appointment from
          <input type="datetime-local" required value={start} onChange={(e) => setStart(e.target.value)} />
        </label>
        <label>
          Duration (hours)
          <input type="number" min={1} max={24} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
        </label>
        <PersonSelect label="Installer" value={installerId} onChange={setInstallerId} roles={['repair_engineer', 'support_engineer']} />
      </div>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Schedule
      </button>
    </form>
  );
}
