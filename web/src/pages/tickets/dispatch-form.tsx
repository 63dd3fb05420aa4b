import { useState } from 'react';
import { api } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useSubmit } from './use-submit.ts';

interface Engineer {
  id: string;
  name: string;
  email: string;
}

function localInput(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Dispatch a repair engineer with the arrival window agreed with the customer (parts come from the diagnosis). */
export function DispatchForm({ path, onDone }: { path: string; onDone(): void }) {
  const engineers = useResource(() => api.get<Page<Engineer>>('/api/users', { role: 'repair_engineer', disabled: 'false', limit: 200 }), 'engineers');
  const { busy, error, submit } = useSubmit(`${path}/dispatch`, onDone);
  const soon = new Date(Date.now() + 2 * 3_600_000);
  const [engineerId, setEngineerId] = useState('');
  const [start, setStart] = useState(localInput(soon));
  const [hours, setHours] = useState(2);
  const chosen = engineerId || engineers.data?.items[0]?.id || '';
  return (
    <form
      className="workflow-form"
      aria-labelledby="dispatch-title"
      onSubmit={(e) => {
        e.preventDefault();
        const from = new Date(start);
        void submit({ engineerId: chosen, window: { start: from.toISOString(), end: new Date(from.getTime() + hours * 3_600_000).toISOString() } });
      }}
    >
      <h3 id="dispatch-title">Dispatch a repair engineer</h3>
      <div className="form-grid">
        <label>
          Engineer
          <select value={chosen} onChange={(e) => setEngineerId(e.target.value)} required>
            {(engineers.data?.items ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Arrival from
          <input type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} required />
        </label>
        <label>
          Window (hours)
          <input type="number" min={1} max={12} value={hours} onChange={(e) => setHours(Number(e.target.value))} />
        </label>
      </div>
      {error && (
        <p className="note note-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-primary" disabled={busy || !chosen}>
        Dispatch
      </button>
    </form>
  );
}
