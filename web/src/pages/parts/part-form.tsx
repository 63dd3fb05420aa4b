import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { FormError } from '../../components/form-error.tsx';

/** A new catalogue entry (stock 0 until goods-in). */
export function PartForm({ onDone }: { onDone(): void }) {
  const save = useAction();
  const [v, setV] = useState({ sku: '', name: '', spec: '', location: '', models: '', reorderPoint: 2, reorderQuantity: 5, unitCost: '', approved: true });
  const set = (patch: Partial<typeof v>) => setV((x) => ({ ...x, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      sku: v.sku,
      name: v.name,
      spec: v.spec || null,
      location: v.location || null,
      compatibleModels: v.models.split(',').map((m) => m.trim()).filter(Boolean),
      reorderPoint: v.reorderPoint,
      reorderQuantity: v.reorderQuantity,
      unitCostCents: v.unitCost ? Math.round(Number(v.unitCost) * 100) : null,
      approved: v.approved,
    };
    if (await save.run(() => api.post('/api/parts', body))) onDone();
  };
  return (
    <form className="workflow-form" aria-labelledby="part-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="part-form-title">New part</h2>
      <div className="form-grid">
        <label>
          SKU
          <input required value={v.sku} onChange={(e) => set({ sku: e.target.value })} />
        </label>
        <label>
          Name
          <input required value={v.name} onChange={(e) => set({ name: e.target.value })} />
        </label>
        <label>
          Specification
          <input value={v.spec} onChange={(e) => set({ spec: e.target.value })} />
        </label>
        <label>
          Location
          <input value={v.location} onChange={(e) => set({ location: e.target.value })} />
        </label>
        <label>
          Compatible models (comma-separated)
          <input value={v.models} onChange={(e) => set({ models: e.target.value })} />
        </label>
        <label>
          Reorder point
          <input type="number" min={0} value={v.reorderPoint} onChange={(e) => set({ reorderPoint: Number(e.target.value) })} />
        </label>
        <label>
          Reorder quantity
          <input type="number" min={1} value={v.reorderQuantity} onChange={(e) => set({ reorderQuantity: Number(e.target.value) })} />
        </label>
        <label>
          Unit cost (€)
          <input type="number" min={0} step="0.01" value={v.unitCost} onChange={(e) => set({ unitCost: e.target.value })} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={v.approved} onChange={(e) => set({ approved: e.target.checked })} /> Genuine or approved part
      </label>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Add the part
      </button>
    </form>
  );
}
