import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Part, StockCountResult } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { FormError } from '../../components/form-error.tsx';

/** A stock count: what is on the shelf per part; the books are corrected and the discrepancies listed. */
export function StockCount({ parts, onDone }: { parts: Part[]; onDone(): void }) {
  const save = useAction();
  const [counted, setCounted] = useState<Record<string, string>>({});
  const [note, setNote] = useState('');
  const [result, setResult] = useState<StockCountResult>();
  const entered = Object.entries(counted).filter(([, v]) => v !== '');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await save.run(() => api.post<StockCountResult>('/api/parts/stock-counts', { lines: entered.map(([partId, v]) => ({ partId, counted: Number(v) })), ...(note ? { note } : {}) }));
    if (!r) return;
    setResult(r);
    setCounted({});
    onDone();
  };
  return (
    <form className="workflow-form" aria-labelledby="count-title" onSubmit={(e) => void submit(e)}>
      <h2 id="count-title">Stock count</h2>
      <p className="muted small">Enter what is on the shelf; parts left empty are not counted this time.</p>
      <div className="table-wrap">
        <table className="table compact" aria-label="Stock count">
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Part</th>
              <th scope="col">Location</th>
              <th scope="col" className="num">
                On the books
              </th>
              <th scope="col">Counted</th>
            </tr>
          </thead>
          <tbody>
            {parts.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.sku}</th>
                <td>{p.name}</td>
                <td>{p.location ?? '—'}</td>
                <td className="num">{p.quantity}</td>
                <td>
                  <input type="number" min={0} aria-label={`Counted ${p.sku}`} value={counted[p.id] ?? ''} onChange={(e) => setCounted((c) => ({ ...c, [p.id]: e.target.value }))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <label>
        Note
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || entered.length === 0}>
        Record the count ({entered.length} parts)
      </button>
      {result && (
        <div role="status" className={`note ${result.discrepancies.length ? 'note-warn' : 'note-ok'}`}>
          {result.discrepancies.length === 0 ? (
            'The count matches the books.'
          ) : (
            <>
              <strong>{result.discrepancies.length} discrepancies, books corrected:</strong>
              <ul aria-label="Discrepancies">
                {result.discrepancies.map((d) => (
                  <li key={d.partId}>
                    {d.sku} {d.name}: expected {d.expected}, counted {d.counted} ({d.difference > 0 ? `+${d.difference}` : d.difference})
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </form>
  );
}
