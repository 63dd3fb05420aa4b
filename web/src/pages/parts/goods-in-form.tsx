import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Part, StockMovement, Supplier } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { FormDone, FormError } from '../../components/form-error.tsx';
import { Link } from '../../router.tsx';
import { PartLines, type Line } from './part-lines.tsx';

interface InLine extends Line {
  inspectionPassed: boolean;
  inspectionNotes: string;
}
const BLANK: InLine = { partId: '', quantity: 1, inspectionPassed: true, inspectionNotes: '' };

/** Goods-in from a supplier, each line inspected on arrival (failed units are recorded, not stocked). */
export function GoodsInForm({ parts, onDone }: { parts: Part[]; onDone(): void }) {
  const suppliers = useResource(() => api.get<{ items: Supplier[] }>('/api/suppliers').then((r) => r.items), 'suppliers');
  const save = useAction();
  const [supplierId, setSupplierId] = useState('');
  const [lines, setLines] = useState<InLine[]>([{ ...BLANK }]);
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string>();
  const chosen = supplierId || suppliers.data?.[0]?.id || '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const body = { supplierId: chosen, lines: lines.map((l) => ({ partId: l.partId, quantity: l.quantity, inspectionPassed: l.inspectionPassed, ...(l.inspectionNotes ? { inspectionNotes: l.inspectionNotes } : {}) })), ...(note ? { note } : {}) };
    const r = await save.run(() => api.post<{ movements: StockMovement[] }>('/api/parts/goods-in', body));
    if (!r) return;
    setDone(`Received: ${r.movements.map((m) => `${m.kind === 'goods_in' ? `${m.quantity} stocked` : `${m.rejectedQuantity || Math.abs(m.quantity)} rejected`} (balance ${m.balanceAfter})`).join('; ')}.`);
    setLines([{ ...BLANK }]);
    onDone();
  };
  if (suppliers.data?.length === 0) {
    return (
      <p className="note">
        Add a supplier first on the <Link href="/suppliers">suppliers page</Link>.
      </p>
    );
  }
  return (
    <form className="workflow-form" aria-labelledby="goods-in-title" onSubmit={(e) => void submit(e)}>
      <h2 id="goods-in-title">Goods in</h2>
      <label>
        Supplier
        <select value={chosen} onChange={(e) => setSupplierId(e.target.value)} required>
          {(suppliers.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <PartLines
        parts={parts}
        lines={lines}
        onChange={setLines}
        blank={BLANK}
        extra={(l, set, i) => (
          <>
            <label className="check">
              <input type="checkbox" checked={l.inspectionPassed} onChange={(e) => set({ inspectionPassed: e.target.checked })} /> Line {i + 1} passed inspection
            </label>
            <label>
              Inspection notes {i + 1}
              <input value={l.inspectionNotes} onChange={(e) => set({ inspectionNotes: e.target.value })} />
            </label>
          </>
        )}
      />
      <label>
        Delivery note
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <FormError error={save.error} />
      <FormDone message={done} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || !chosen}>
        Receive the goods
      </button>
    </form>
  );
}
