import { useState, type FormEvent } from 'react';
import { COST_CATEGORIES, type CostCategory, type CostEntry } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { FormError } from '../../components/form-error.tsx';
import { formatDateTimeShort, money } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';

const STATUS_TONE = { approved: 'succeeded', pending_approval: 'medium', rejected: 'failed' } as const;
const STATUS_LABEL = { approved: 'approved', pending_approval: 'over budget: awaiting approval', rejected: 'rejected' } as const;

/** Labour, parts and travel booked on the ticket; spending over the year's budget waits for a supervisor. */
export function CostsPanel({ ticketId }: { ticketId: string }) {
  const { can } = useAuth();
  const readable = can('costs:read');
  const costs = useResource(() => (readable ? api.get<{ items: CostEntry[] }>('/api/costs', { ticketId }).then((r) => r.items) : Promise.resolve<CostEntry[]>([])), ticketId);
  // roles that may book costs but not read the ledger still see what they booked here
  const [booked, setBooked] = useState<CostEntry[]>([]);
  const decide = useAction();
  if (!readable && !can('tickets:write')) return null;
  const rows = readable ? (costs.data ?? []) : booked;
  const total = (c: CostCategory) => rows.filter((r) => r.category === c && r.status !== 'rejected').reduce((s, r) => s + r.amountCents, 0);
  const decision = async (id: string, approve: boolean) => {
    if (await decide.run(() => api.post(`/api/costs/${id}/decision`, { approve }))) costs.reload();
  };
  return (
    <div className="panel" aria-labelledby="costs-title">
      <h2 id="costs-title">Costs</h2>
      {rows.length > 0 && (
        <>
          <p>
            {COST_CATEGORIES.filter((c) => total(c) > 0)
              .map((c) => `${c} ${money(total(c))}`)
              .join(' · ')}{' '}
            — <strong>total {money(COST_CATEGORIES.reduce((s, c) => s + total(c), 0))}</strong>
          </p>
          <div className="table-wrap">
            <table className="table compact" aria-label="Costs">
              <thead>
                <tr>
                  <th scope="col">Booked</th>
                  <th scope="col">Category</th>
                  <th scope="col">What</th>
                  <th scope="col" className="num">
                    Amount
                  </th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr key={c.id}>
                    <td>{formatDateTimeShort(c.at)}</td>
                    <td>{c.category}</td>
                    <td>
                      {c.description}
                      {c.minutes !== null && <span className="muted"> · {c.minutes} min</span>}
                      {c.distanceKm !== null && <span className="muted"> · {c.distanceKm} km</span>}
                    </td>
                    <td className="num">{money(c.amountCents)}</td>
                    <td>
                      <StatusBadge status={STATUS_TONE[c.status]} label={STATUS_LABEL[c.status]} />
                      {c.status === 'pending_approval' && can('tickets:supervise') && (
                        <span className="actions">
                          <button type="button" className="btn btn-small" onClick={() => void decision(c.id, true)} disabled={decide.busy}>
                            Approve
                          </button>
                          <button type="button" className="btn btn-small" onClick={() => void decision(c.id, false)} disabled={decide.busy}>
                            Reject
                          </button>
                        </span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {readable && costs.data?.length === 0 && <p className="muted">No cost booked yet.</p>}
      <FormError error={decide.error} />
      {can('tickets:write') && (
        <CostForm
          ticketId={ticketId}
          onBooked={(c) => {
            setBooked((b) => [...b, c]);
            costs.reload();
          }}
        />
      )}
    </div>
  );
}

function CostForm({ ticketId, onBooked }: { ticketId: string; onBooked(c: CostEntry): void }) {
  const save = useAction();
  const [category, setCategory] = useState<CostCategory>('labour');
  const [amount, setAmount] = useState('');
  const [minutes, setMinutes] = useState('');
  const [km, setKm] = useState('');
  const [description, setDescription] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      ticketId,
      category,
      amountCents: Math.round(Number(amount) * 100),
      description,
      ...(category === 'labour' && minutes ? { minutes: Number(minutes) } : {}),
      ...(category === 'travel' && km ? { distanceKm: Number(km) } : {}),
    };
    const c = await save.run(() => api.post<CostEntry>('/api/costs', body));
    if (!c) return;
    onBooked(c);
    setAmount('');
    setDescription('');
    setMinutes('');
    setKm('');
  };
  return (
    <form className="inline-form" aria-label="Book a cost" onSubmit={(e) => void submit(e)}>
      <label>
        Category
        <select value={category} onChange={(e) => setCategory(e.target.value as CostCategory)}>
          {COST_CATEGORIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Amount (€)
        <input type="number" min={0} step="0.01" required value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>
      {category === 'labour' && (
        <label>
          Minutes
          <input type="number" min={0} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
        </label>
      )}
      {category === 'travel' && (
        <label>
          Distance (km)
          <input type="number" min={0} step="0.1" value={km} onChange={(e) => setKm(e.target.value)} />
        </label>
      )}
      <label>
        Description
        <input required value={description} onChange={(e) => setDescription(e.target.value)} />
      </label>
      <button type="submit" className="btn" disabled={save.busy}>
        Book the cost
      </button>
      <FormError error={save.error} />
    </form>
  );
}
