import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { TRAINING_CATEGORIES, type TrainingCategory, type TrainingPlanItem } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { FormError } from '../../components/form-error.tsx';
import { formatDate, isoFromInput } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';

/** The year's training plan (product, repair technique, safety, customer communication), for one person or everyone. */
export function TrainingPlan() {
  const { can } = useAuth();
  const { nameOf } = useDirectory();
  const [year, setYear] = useState(new Date().getFullYear());
  const plan = useResource(() => api.get<TrainingPlanItem[]>('/api/staff/training-plan', { year }), String(year));
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Training plan {year}</h2>
        <label>
          Year
          <input type="number" min={2000} max={2100} value={year} onChange={(e) => setYear(Number(e.target.value))} />
        </label>
      </div>
      <DataState resource={plan} label="the training plan">
        {(items) =>
          items.length === 0 ? (
            <p className="muted">Nothing planned for {year}.</p>
          ) : (
            <table className="table compact" aria-label={`Training plan ${year}`}>
              <thead>
                <tr>
                  <th scope="col">Topic</th>
                  <th scope="col">Area</th>
                  <th scope="col">Who</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.id}>
                    <th scope="row">{i.topic}</th>
                    <td>{i.category}</td>
                    <td>{i.userId ? nameOf(i.userId) : 'everyone'}</td>
                    <td>{formatDate(i.dueBy)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </DataState>
      {can('staff:write') && <PlanItemForm year={year} onDone={plan.reload} />}
    </div>
  );
}

function PlanItemForm({ year, onDone }: { year: number; onDone(): void }) {
  const save = useAction();
  const { people } = useDirectory();
  const [topic, setTopic] = useState('');
  const [category, setCategory] = useState<TrainingCategory>('safety');
  const [userId, setUserId] = useState('');
  const [dueBy, setDueBy] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { year, topic, category, ...(userId ? { userId } : {}), ...(dueBy ? { dueBy: isoFromInput(dueBy) } : {}) };
    if (await save.run(() => api.post('/api/staff/training-plan', body))) {
      setTopic('');
      onDone();
    }
  };
  return (
    <form className="inline-form" aria-label="Plan a training" onSubmit={(e) => void submit(e)}>
      <label>
        Topic
        <input required value={topic} onChange={(e) => setTopic(e.target.value)} />
      </label>
      <label>
        Area
        <select value={category} onChange={(e) => setCategory(e.target.value as TrainingCategory)}>
          {TRAINING_CATEGORIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        For
        <select value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">everyone</option>
          {(people ?? [])
            .filter((p) => p.role !== 'viewer' && !p.disabled)
            .map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
        </select>
      </label>
      <label>
        Due by
        <input type="date" value={dueBy} onChange={(e) => setDueBy(e.target.value)} />
      </label>
      <button type="submit" className="btn" disabled={save.busy}>
        Add to the plan
      </button>
      <FormError error={save.error} />
    </form>
  );
}
