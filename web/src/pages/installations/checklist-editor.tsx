import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { FormDone, FormError } from '../../components/form-error.tsx';
import { lines } from '../../components/format.ts';

/** A model's installation or maintenance checklist (replaces the one it had; models without one use the defaults). */
export function ChecklistEditor() {
  const save = useAction();
  const [model, setModel] = useState('');
  const [kind, setKind] = useState<'installation' | 'maintenance'>('installation');
  const [items, setItems] = useState('');
  const [done, setDone] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const r = await save.run(() => api.put<{ items: string[] }>(`/api/installations/checklists/${encodeURIComponent(model.trim())}/${kind}`, { items: lines(items) }));
    if (r) setDone(`The ${kind} checklist of ${model.trim()} now has ${r.items.length} items.`);
  };
  return (
    <details className="panel">
      <summary>
        <h2>Checklists per model</h2>
      </summary>
      <form className="workflow-form" aria-label="Checklist of a model" onSubmit={(e) => void submit(e)}>
        <div className="form-grid">
          <label>
            Model
            <input required value={model} onChange={(e) => setModel(e.target.value)} />
          </label>
          <label>
            Checklist
            <select value={kind} onChange={(e) => setKind(e.target.value as 'installation' | 'maintenance')}>
              <option value="installation">installation</option>
              <option value="maintenance">maintenance</option>
            </select>
          </label>
        </div>
        <label>
          Items (one per line; replaces the model's current list)
          <textarea required rows={6} value={items} onChange={(e) => setItems(e.target.value)} />
        </label>
        <FormError error={save.error} />
        <FormDone message={done} />
        <button type="submit" className="btn" disabled={save.busy || lines(items).length === 0}>
          Save the checklist
        </button>
      </form>
    </details>
  );
}
