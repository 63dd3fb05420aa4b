import { useState, type FormEvent } from 'react';
import { PRIORITIES, type Consultation, type Priority } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { FormError } from '../../components/form-error.tsx';
import { isoFromInput, localInput } from '../../components/format.ts';
import { PersonSelect } from '../../components/people.tsx';
import { navigate } from '../../router.tsx';
import { ContactFields, contactBody, emptyContact } from '../after-sales/contact-fields.tsx';

type Handling = 'answer' | 'route' | 'open';

/** Log a request: answered at once, routed to the right person with a promised reply time, or left open. */
export function ConsultationForm() {
  const me = useUser();
  const save = useAction();
  const [contact, setContact] = useState(emptyContact);
  const [content, setContent] = useState('');
  const [chargerId, setChargerId] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [handling, setHandling] = useState<Handling>('route');
  const [answer, setAnswer] = useState('');
  const [routeTo, setRouteTo] = useState(me.id);
  const [replyBy, setReplyBy] = useState(localInput(new Date(Date.now() + 24 * 3_600_000)));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      ...contactBody(contact),
      content,
      priority,
      ...(chargerId.trim() ? { chargerId: chargerId.trim() } : {}),
      ...(handling === 'answer' ? { answer } : {}),
      ...(handling === 'route' ? { routeTo: { userId: routeTo, promisedReplyBy: isoFromInput(replyBy) } } : {}),
    };
    const c = await save.run(() => api.post<Consultation>('/api/consultations', body));
    if (c) navigate(`/consultations/${c.id}`);
  };
  return (
    <form className="workflow-form panel" aria-labelledby="consultation-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="consultation-form-title">Log a consultation</h2>
      <ContactFields value={contact} onChange={setContact} />
      <div className="form-grid">
        <label>
          Charger (optional)
          <input value={chargerId} onChange={(e) => setChargerId(e.target.value)} placeholder="CP-0042" />
        </label>
        <label>
          Priority
          <select value={priority} onChange={(e) => setPriority(e.target.value as Priority)}>
            {PRIORITIES.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      </div>
      <label>
        Request
        <textarea required rows={3} value={content} onChange={(e) => setContent(e.target.value)} />
      </label>
      <fieldset className="segmented">
        <legend className="visually-hidden">Handling</legend>
        {(
          [
            ['answer', 'Answered at once'],
            ['route', 'Route with a promised reply'],
            ['open', 'Keep open'],
          ] as const
        ).map(([id, label]) => (
          <label key={id}>
            <input type="radio" name="handling" checked={handling === id} onChange={() => setHandling(id)} />
            <span>{label}</span>
          </label>
        ))}
      </fieldset>
      {handling === 'answer' && (
        <label>
          Answer given
          <textarea required rows={3} value={answer} onChange={(e) => setAnswer(e.target.value)} />
        </label>
      )}
      {handling === 'route' && (
        <div className="form-grid">
          <PersonSelect label="Route to" value={routeTo} onChange={setRouteTo} roles={['support_engineer', 'repair_engineer', 'specialist', 'supervisor']} />
          <label>
            Promised reply by
            <input type="datetime-local" required value={replyBy} onChange={(e) => setReplyBy(e.target.value)} />
          </label>
        </div>
      )}
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Log the consultation
      </button>
    </form>
  );
}
