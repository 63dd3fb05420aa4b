import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Supplier } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { FormError } from '../../components/form-error.tsx';
import { percent } from '../../components/format.ts';

const score = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)} / 5`);

/** Suppliers with their evaluations (quality, delivery, service) and the share of goods that failed inspection. */
export function SuppliersPage() {
  const { can } = useAuth();
  const list = useResource(() => api.get<{ items: Supplier[] }>('/api/suppliers').then((r) => r.items), 'suppliers');
  const [evaluating, setEvaluating] = useState<string>();
  return (
    <section aria-labelledby="suppliers-title">
      <h1 id="suppliers-title">Suppliers</h1>
      <DataState resource={list} label="suppliers">
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No supplier yet.</p>
          ) : (
            <DataTable label="Suppliers" headers={['Supplier', 'Contact', 'Quality', 'Delivery', 'Service', 'Failed inspection', 'Evaluations', '']}>
              {items.map((s) => (
                <tr key={s.id}>
                  <th scope="row">{s.name}</th>
                  <td>{[s.contact, s.phone, s.email].filter(Boolean).join(' · ') || '—'}</td>
                  <td>{score(s.score.quality)}</td>
                  <td>{score(s.score.delivery)}</td>
                  <td>{score(s.score.service)}</td>
                  <td>{percent(s.score.rejectionRate, 1)}</td>
                  <td>{s.score.evaluations}</td>
                  <td>
                    {can('suppliers:write') && (
                      <button type="button" className="btn btn-small" aria-expanded={evaluating === s.id} onClick={() => setEvaluating(evaluating === s.id ? undefined : s.id)}>
                        Evaluate {s.name}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )
        }
      </DataState>
      {evaluating && (
        <EvaluationForm
          supplier={list.data?.find((s) => s.id === evaluating)}
          onDone={() => {
            setEvaluating(undefined);
            list.reload();
          }}
        />
      )}
      {can('suppliers:write') && <SupplierForm onDone={list.reload} />}
    </section>
  );
}

function SupplierForm({ onDone }: { onDone(): void }) {
  const save = useAction();
  const [v, setV] = useState({ name: '', contact: '', email: '', phone: '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name: v.name, contact: v.contact || null, email: v.email || null, phone: v.phone || null };
    if (await save.run(() => api.post('/api/suppliers', body))) {
      setV({ name: '', contact: '', email: '', phone: '' });
      onDone();
    }
  };
  return (
    <form className="panel workflow-form" aria-labelledby="supplier-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="supplier-form-title">Add a supplier</h2>
      <div className="form-grid">
        {(['name', 'contact', 'phone', 'email'] as const).map((k) => (
          <label key={k}>
            {k === 'name' ? 'Name' : k === 'contact' ? 'Contact person' : k === 'phone' ? 'Phone' : 'E-mail'}
            <input required={k === 'name'} type={k === 'email' ? 'email' : 'text'} value={v[k]} onChange={(e) => setV((x) => ({ ...x, [k]: e.target.value }))} />
          </label>
        ))}
      </div>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Add the supplier
      </button>
    </form>
  );
}

function EvaluationForm({ supplier, onDone }: { supplier: Supplier | undefined; onDone(): void }) {
  const save = useAction();
  const now = new Date();
  const [period, setPeriod] = useState(`${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`);
  const [marks, setMarks] = useState({ quality: 4, delivery: 4, service: 4 });
  const [notes, setNotes] = useState('');
  if (!supplier) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.post(`/api/suppliers/${supplier.id}/evaluations`, { period, ...marks, ...(notes ? { notes } : {}) }))) onDone();
  };
  return (
    <form className="panel workflow-form" aria-labelledby="evaluation-title" onSubmit={(e) => void submit(e)}>
      <h2 id="evaluation-title">Evaluate {supplier.name}</h2>
      <div className="form-grid">
        <label>
          Period
          <input required value={period} onChange={(e) => setPeriod(e.target.value)} />
        </label>
        {(['quality', 'delivery', 'service'] as const).map((k) => (
          <label key={k}>
            {k[0]!.toUpperCase() + k.slice(1)} (1–5)
            <input type="number" min={1} max={5} required value={marks[k]} onChange={(e) => setMarks((m) => ({ ...m, [k]: Number(e.target.value) }))} />
          </label>
        ))}
      </div>
      <label>
        Notes
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Save the evaluation
      </button>
    </form>
  );
}
