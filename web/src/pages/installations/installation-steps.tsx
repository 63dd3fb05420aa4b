import { useState, type FormEvent } from 'react';
import type { CheckItem, Installation } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { ChecklistField, allDone } from '../../components/checklist-field.tsx';
import { FormError } from '../../components/form-error.tsx';
import { lines } from '../../components/format.ts';
import { SignaturePad } from '../../components/signature-pad.tsx';

interface StepProps {
  inst: Installation;
  onDone(): void;
}

/** Installed per the manual: every item of the model's checklist ticked. */
export function InstalledForm({ inst, onDone }: StepProps) {
  const save = useAction();
  const [items, setItems] = useState<CheckItem[]>(inst.checklist.map((c) => ({ item: c.item, done: c.done })));
  const [notes, setNotes] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.post(`/api/installations/${inst.ticket.id}/installed`, { checklist: items, ...(notes ? { notes } : {}) }))) onDone();
  };
  return (
    <form className="workflow-form" aria-labelledby="installed-title" onSubmit={(e) => void submit(e)}>
      <h3 id="installed-title">Installation record</h3>
      <ChecklistField legend={`Installation checklist${inst.model ? ` (${inst.model})` : ''}`} items={items} onChange={setItems} />
      <label>
        Notes
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || !allDone(items)}>
        Record the installation
      </button>
    </form>
  );
}

/** The customer was shown how to use the charger. */
export function TrainingForm({ inst, onDone }: StepProps) {
  const save = useAction();
  const [trainee, setTrainee] = useState('');
  const [topics, setTopics] = useState('starting and stopping a charge\nthe status lights\nwhat to do in a fault');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.post(`/api/installations/${inst.ticket.id}/training`, { traineeName: trainee, topics: lines(topics) }))) onDone();
  };
  return (
    <form className="workflow-form" aria-labelledby="training-title" onSubmit={(e) => void submit(e)}>
      <h3 id="training-title">Customer training</h3>
      <label>
        Trained person
        <input required autoComplete="off" value={trainee} onChange={(e) => setTrainee(e.target.value)} />
      </label>
      <label>
        Topics (one per line)
        <textarea required rows={3} value={topics} onChange={(e) => setTopics(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Record the training
      </button>
    </form>
  );
}

/** The acceptance report, signed on the screen by the customer and by the technician; closes the installation. */
export function AcceptanceForm({ inst, onDone }: StepProps) {
  const save = useAction();
  const { can } = useAuth();
  const [customer, setCustomer] = useState(can('personal-data:name') ? (inst.traineeName ?? '') : '');
  const [customerSig, setCustomerSig] = useState<string | null>(null);
  const [technician, setTechnician] = useState('');
  const [technicianSig, setTechnicianSig] = useState<string | null>(null);
  const ready = customer.trim() && technician.trim() && customerSig && technicianSig;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!customerSig || !technicianSig) return;
    const body = { customer: { name: customer.trim(), signature: customerSig }, technician: { name: technician.trim(), signature: technicianSig } };
    if (await save.run(() => api.post(`/api/installations/${inst.ticket.id}/acceptance`, body))) onDone();
  };
  return (
    <form className="workflow-form" aria-labelledby="acceptance-title" onSubmit={(e) => void submit(e)}>
      <h3 id="acceptance-title">Acceptance report</h3>
      <p className="small muted">
        Installed {inst.installedAt ? new Date(inst.installedAt).toLocaleString('en-GB') : '—'}, commissioned {inst.commissionedAt ? new Date(inst.commissionedAt).toLocaleString('en-GB') : '—'}, customer trained on {inst.trainingTopics.join(', ') || '—'}.
      </p>
      <div className="split">
        <div>
          <label>
            Customer's name
            <input required autoComplete="off" value={customer} onChange={(e) => setCustomer(e.target.value)} />
          </label>
          <SignaturePad label="Customer signature" onChange={setCustomerSig} />
        </div>
        <div>
          <label>
            Technician's name
            <input required autoComplete="off" value={technician} onChange={(e) => setTechnician(e.target.value)} />
          </label>
          <SignaturePad label="Technician signature" onChange={setTechnicianSig} />
        </div>
      </div>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || !ready}>
        Sign the acceptance report
      </button>
    </form>
  );
}
