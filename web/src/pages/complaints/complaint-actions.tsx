import { useState, type FormEvent } from 'react';
import { CONTACT_CHANNELS, type ContactChannel } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { FormError } from '../../components/form-error.tsx';
import { dayInput, isoFromInput, lines } from '../../components/format.ts';
import { PersonSelect } from '../../components/people.tsx';

// One form per step of the complaint loop; the page shows those the state machine and the role allow.

interface StepProps {
  id: string;
  onDone(): void;
}

function ChannelSelect({ value, onChange, label = 'Tell the customer by' }: { value: ContactChannel; onChange(c: ContactChannel): void; label?: string }) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value as ContactChannel)}>
        {CONTACT_CHANNELS.map((c) => (
          <option key={c}>{c}</option>
        ))}
      </select>
    </label>
  );
}

function useStep(url: string, onDone: () => void) {
  const save = useAction();
  const submit = (body: unknown) => async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.post(url, body))) onDone();
  };
  return { save, submit };
}

export function AcknowledgeForm({ id, onDone }: StepProps) {
  const [apology, setApology] = useState('We are sorry for the trouble this caused you.');
  const [promise, setPromise] = useState('');
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const { save, submit } = useStep(`/api/complaints/${id}/acknowledge`, onDone);
  return (
    <form className="workflow-form" aria-labelledby="ack-title" onSubmit={(e) => void submit({ apology, promise, channel })(e)}>
      <h3 id="ack-title">Acknowledge</h3>
      <label>
        Apology
        <textarea required rows={2} value={apology} onChange={(e) => setApology(e.target.value)} />
      </label>
      <label>
        Promise
        <textarea required rows={2} value={promise} onChange={(e) => setPromise(e.target.value)} placeholder="A supervisor looks into it and calls you back within two working days." />
      </label>
      <ChannelSelect value={channel} onChange={setChannel} />
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Acknowledge the complaint
      </button>
    </form>
  );
}

export function InvestigationForm({ id, onDone }: StepProps) {
  const [cause, setCause] = useState('');
  const [party, setParty] = useState('');
  const [staffId, setStaffId] = useState('');
  const { save, submit } = useStep(`/api/complaints/${id}/investigation`, onDone);
  return (
    <form className="workflow-form" aria-labelledby="inv-title" onSubmit={(e) => void submit({ cause, responsibleParty: party, ...(staffId ? { staffId } : {}) })(e)}>
      <h3 id="inv-title">Investigation</h3>
      <label>
        Cause
        <textarea required rows={2} value={cause} onChange={(e) => setCause(e.target.value)} />
      </label>
      <div className="form-grid">
        <label>
          Responsible party
          <input required value={party} onChange={(e) => setParty(e.target.value)} placeholder="installation partner" />
        </label>
        <PersonSelect label="Staff member concerned" value={staffId} onChange={setStaffId} emptyLabel="nobody in particular" />
      </div>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Record the investigation
      </button>
    </form>
  );
}

export function PlanForm({ id, onDone }: StepProps) {
  const me = useUser();
  const [measures, setMeasures] = useState('');
  const [owner, setOwner] = useState(me.id);
  const [deadline, setDeadline] = useState(dayInput(new Date(Date.now() + 7 * 86_400_000)));
  const [channel, setChannel] = useState<ContactChannel>('email');
  const { save, submit } = useStep(`/api/complaints/${id}/plan`, onDone);
  return (
    <form className="workflow-form" aria-labelledby="plan-title" onSubmit={(e) => void submit({ measures: lines(measures), ownerId: owner, deadline: isoFromInput(deadline), channel })(e)}>
      <h3 id="plan-title">Handling plan</h3>
      <label>
        Measures (one per line)
        <textarea required rows={3} value={measures} onChange={(e) => setMeasures(e.target.value)} />
      </label>
      <div className="form-grid">
        <PersonSelect label="Owner" value={owner} onChange={setOwner} />
        <label>
          Deadline
          <input type="date" required value={deadline} onChange={(e) => setDeadline(e.target.value)} />
        </label>
        <ChannelSelect value={channel} onChange={setChannel} label="Share with the customer by" />
      </div>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || lines(measures).length === 0}>
        Share the plan with the customer
      </button>
    </form>
  );
}

export function FollowUpForm({ id, onDone }: StepProps) {
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [satisfaction, setSatisfaction] = useState(0);
  const [satisfied, setSatisfied] = useState(false);
  const [notes, setNotes] = useState('');
  const { save, submit } = useStep(`/api/complaints/${id}/follow-ups`, onDone);
  return (
    <form className="workflow-form" aria-labelledby="follow-title" onSubmit={(e) => void submit({ channel, satisfaction, satisfied, ...(notes ? { notes } : {}) })(e)}>
      <h3 id="follow-title">Follow-up</h3>
      <ChannelSelect value={channel} onChange={setChannel} label="Reached the customer by" />
      <fieldset className="segmented">
        <legend>Satisfaction (1 = very unhappy, 5 = very happy)</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n}>
            <input type="radio" name="satisfaction" checked={satisfaction === n} onChange={() => setSatisfaction(n)} />
            <span>{n}</span>
          </label>
        ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={satisfied} onChange={(e) => setSatisfied(e.target.checked)} /> The customer is satisfied (closes the complaint)
      </label>
      <label>
        Notes
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || satisfaction === 0}>
        Record the follow-up
      </button>
    </form>
  );
}
