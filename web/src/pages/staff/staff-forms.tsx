import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { TRAINING_CATEGORIES, type TrainingCategory } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { FormError } from '../../components/form-error.tsx';
import { dayInput, isoFromInput } from '../../components/format.ts';

interface FormProps {
  userId: string;
  onDone(): void;
}

export function CertificationForm({ userId, onDone }: FormProps) {
  const save = useAction();
  const [v, setV] = useState({ code: '', name: '', models: '', issuedAt: dayInput(new Date()), expiresAt: '' });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      code: v.code,
      name: v.name,
      models: v.models.split(',').map((m) => m.trim()).filter(Boolean),
      ...(v.issuedAt ? { issuedAt: isoFromInput(v.issuedAt) } : {}),
      ...(v.expiresAt ? { expiresAt: isoFromInput(v.expiresAt) } : {}),
    };
    if (await save.run(() => api.post(`/api/staff/${userId}/certifications`, body))) onDone();
  };
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  return (
    <form className="inline-form" aria-label="Add a certification" onSubmit={(e) => void submit(e)}>
      <label>
        Code
        <input required value={v.code} onChange={set('code')} placeholder="hv-dc" />
      </label>
      <label>
        Certification
        <input required value={v.name} onChange={set('name')} placeholder="High-voltage DC work" />
      </label>
      <label>
        Models (comma-separated; empty = all)
        <input value={v.models} onChange={set('models')} />
      </label>
      <label>
        Issued
        <input type="date" value={v.issuedAt} onChange={set('issuedAt')} />
      </label>
      <label>
        Expires
        <input type="date" value={v.expiresAt} onChange={set('expiresAt')} />
      </label>
      <button type="submit" className="btn" disabled={save.busy}>
        Add the certification
      </button>
      <FormError error={save.error} />
    </form>
  );
}

export function TrainingRecordForm({ userId, onDone }: FormProps) {
  const save = useAction();
  const [topic, setTopic] = useState('');
  const [category, setCategory] = useState<TrainingCategory>('safety');
  const [completedAt, setCompletedAt] = useState(dayInput(new Date()));
  const [hours, setHours] = useState('');
  const [result, setResult] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { topic, category, completedAt: isoFromInput(completedAt), ...(hours ? { hours: Number(hours) } : {}), ...(result ? { result } : {}) };
    if (await save.run(() => api.post(`/api/staff/${userId}/training-records`, body))) onDone();
  };
  return (
    <form className="inline-form" aria-label="Record a training" onSubmit={(e) => void submit(e)}>
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
        Completed
        <input type="date" required value={completedAt} onChange={(e) => setCompletedAt(e.target.value)} />
      </label>
      <label>
        Hours
        <input type="number" min={0.5} step={0.5} value={hours} onChange={(e) => setHours(e.target.value)} />
      </label>
      <label>
        Result
        <input value={result} onChange={(e) => setResult(e.target.value)} placeholder="passed" />
      </label>
      <button type="submit" className="btn" disabled={save.busy}>
        Record the training
      </button>
      <FormError error={save.error} />
    </form>
  );
}

export function AssessmentForm({ userId, onDone }: FormProps) {
  const save = useAction();
  const now = new Date();
  const [from, setFrom] = useState(dayInput(new Date(now.getFullYear(), 0, 1)));
  const [to, setTo] = useState(dayInput(now));
  const [notes, setNotes] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const end = new Date(isoFromInput(to));
    end.setDate(end.getDate() + 1);
    if (await save.run(() => api.post(`/api/staff/${userId}/assessments`, { from: isoFromInput(from), to: end.toISOString(), ...(notes ? { notes } : {}) }))) onDone();
  };
  return (
    <form className="inline-form" aria-label="Assess for a period" onSubmit={(e) => void submit(e)}>
      <label>
        From
        <input type="date" required value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>
      <label>
        To (inclusive)
        <input type="date" required value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <label>
        Notes
        <input value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <button type="submit" className="btn" disabled={save.busy}>
        Assess from the KPIs
      </button>
      <FormError error={save.error} />
    </form>
  );
}
