import { useState, type FormEvent } from 'react';
import { SignaturePad } from '../../components/signature-pad.tsx';
import { useSubmit } from './use-submit.ts';

// The safety checklist of an on-site intervention (the regulation's safety rules); the API refuses an
// on-site record unless every item is ticked. Mirrors SAFETY_CHECKLIST in core/workflow/record-on-site.ts.
const SAFETY_CHECKLIST = ['supply isolated', 'lock-out/tag-out applied', 'absence of voltage verified', 'PPE worn', 'work area secured'];

function FormError({ error }: { error: string | undefined }) {
  return error ? (
    <p className="note note-error" role="alert">
      {error}
    </p>
  ) : null;
}

/** On site: inspection notes, what was done, and the safety checklist. */
export function OnSiteForm({ path, onDone }: { path: string; onDone(): void }) {
  const { busy, error, submit } = useSubmit(`${path}/on-site`, onDone);
  const [notes, setNotes] = useState('');
  const [actions, setActions] = useState('');
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const toggle = (item: string) => setTicked((s) => new Set(s.has(item) ? [...s].filter((x) => x !== item) : [...s, item]));
  const send = (e: FormEvent) => {
    e.preventDefault();
    void submit({
      inspectionNotes: notes,
      actions: actions.split('\n').map((a) => a.trim()).filter(Boolean),
      safetyChecklist: SAFETY_CHECKLIST.map((item) => ({ item, done: ticked.has(item) })),
    });
  };
  return (
    <form className="workflow-form" onSubmit={send} aria-labelledby="on-site-title">
      <h3 id="on-site-title">On-site repair record</h3>
      <label>
        Inspection notes
        <textarea required rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <label>
        Actions taken (one per line)
        <textarea rows={3} value={actions} onChange={(e) => setActions(e.target.value)} />
      </label>
      <fieldset className="checklist">
        <legend>Safety checklist</legend>
        {SAFETY_CHECKLIST.map((item) => (
          <label key={item} className="check">
            <input type="checkbox" checked={ticked.has(item)} onChange={() => toggle(item)} /> {item}
          </label>
        ))}
      </fieldset>
      <FormError error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || ticked.size < SAFETY_CHECKLIST.length}>
        Save on-site record
      </button>
    </form>
  );
}

/** The functional test after the repair; the API adds a fresh status and meter check from the charger. */
export function RepairTestForm({ path, onDone }: { path: string; onDone(): void }) {
  const { busy, error, submit } = useSubmit(`${path}/tests`, onDone);
  const [passed, setPassed] = useState(true);
  const [notes, setNotes] = useState('');
  return (
    <form
      className="workflow-form"
      aria-labelledby="test-title"
      onSubmit={(e) => {
        e.preventDefault();
        void submit({ passed, notes: notes || undefined, freshCheck: true });
      }}
    >
      <h3 id="test-title">Test after repair</h3>
      <label className="check">
        <input type="checkbox" checked={passed} onChange={(e) => setPassed(e.target.checked)} /> The charger charged a vehicle normally
      </label>
      <label>
        Test notes
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <FormError error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {busy ? 'Checking the charger…' : 'Record test'}
      </button>
    </form>
  );
}

/** The customer signs the repair record on the tablet; this closes the repair. */
export function SignOffForm({ path, onDone }: { path: string; onDone(): void }) {
  const { busy, error, submit } = useSubmit(`${path}/signoff`, onDone);
  const [name, setName] = useState('');
  const [signature, setSignature] = useState<string | null>(null);
  return (
    <form
      className="workflow-form"
      aria-labelledby="signoff-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (signature) void submit({ name, signature });
      }}
    >
      <h3 id="signoff-title">Customer sign-off</h3>
      <label>
        Customer name
        <input required value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      </label>
      <SignaturePad label="Customer signature" onChange={setSignature} />
      <FormError error={error} />
      <button type="submit" className="btn btn-primary" disabled={busy || !signature || !name.trim()}>
        Sign and close the repair
      </button>
    </form>
  );
}
