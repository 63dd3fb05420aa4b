import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/use-resource.ts';
import { localInput } from '../../components/format.ts';
import { useSubmit } from './use-submit.ts';

/** A repair engineer the dispatch may offer: certified for the charger's model on the day, or what is missing. */
interface Engineer {
  userId: string;
  name: string;
  eligible: boolean;
  missing: string[];
}

/** Dispatch a repair engineer with the arrival window agreed with the customer (parts come from the diagnosis). */
export function DispatchForm({ path, onDone }: { path: string; onDone(): void }) {
  const { busy, error, submit } = useSubmit(`${path}/dispatch`, onDone);
  const soon = new Date(Date.now() + 2 * 3_600_000);
  const [engineerId, setEngineerId] = useState('');
  const [start, setStart] = useState(localInput(soon));
  const [hours, setHours] = useState(2);
  const day = start.slice(0, 10);
  const engineers = useResource(() => api.get<{ items: Engineer[] }>(`${path}/engineers`, { on: new Date(`${day}T12:00`).toISOString() }), `${path}:${day}`);
  const chosen = engineerId || engineers.data?.items.find((e) => e.eligible)?.userId || '';
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
              <option key={u.userId} value={u.userId} disabled={!u.eligible}>
                {u.name}
                {u.eligible ? '' : ` — lacks ${u.missing.join(', ')}`}
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
      {engineers.data && !engineers.data.items.some((e) => e.eligible) && <p className="note">No repair engineer holds the certifications this charger needs on that day.</p>}
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
