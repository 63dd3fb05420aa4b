import { useState, type FormEvent } from 'react';
import { PRIORITIES, type Complaint, type Priority } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import type { TicketSummary } from '../../api/service-types.ts';
import { useAction } from '../../api/use-action.ts';
import { FormError } from '../../components/form-error.tsx';
import { navigate } from '../../router.tsx';
import { ContactFields, contactBody, emptyContact } from '../after-sales/contact-fields.tsx';

/** Log a complaint: who, how, what about (a ticket by its reference), how urgent. */
export function ComplaintForm() {
  const save = useAction();
  const [contact, setContact] = useState(emptyContact);
  const [content, setContent] = useState('');
  const [related, setRelated] = useState('');
  const [priority, setPriority] = useState<Priority>('high');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const c = await save.run(async () => {
      // the complaint names the ticket it is about by id; people know it by its reference (T-42)
      const ref = related.trim();
      const relatedTicketId = ref ? (await api.get<TicketSummary>(`/api/tickets/${encodeURIComponent(ref)}`)).id : undefined;
      return api.post<Complaint>('/api/complaints', { ...contactBody(contact), content, priority, ...(relatedTicketId ? { relatedTicketId } : {}) });
    });
    if (c) navigate(`/complaints/${c.id}`);
  };
  return (
    <form className="workflow-form panel" aria-labelledby="complaint-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="complaint-form-title">Log a complaint</h2>
      <ContactFields value={contact} onChange={setContact} />
      <div className="form-grid">
        <label>
          About ticket (optional)
          <input value={related} onChange={(e) => setRelated(e.target.value)} placeholder="T-42" pattern="[Tt]-\d+" />
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
        Complaint
        <textarea required rows={3} value={content} onChange={(e) => setContent(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Log the complaint
      </button>
    </form>
  );
}
