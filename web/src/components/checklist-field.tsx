import type { CheckItem } from '../api/after-sales-types.ts';

interface ChecklistFieldProps {
  legend: string;
  items: CheckItem[];
  onChange(items: CheckItem[]): void;
  /** also ask "in order?" per item, with a note (maintenance findings) */
  withResult?: boolean;
}

/** A checklist to tick item by item, large enough for a finger on a tablet. */
export function ChecklistField({ legend, items, onChange, withResult }: ChecklistFieldProps) {
  const set = (i: number, patch: Partial<CheckItem>) => onChange(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  return (
    <fieldset className="checklist">
      <legend>{legend}</legend>
      {items.map((it, i) => (
        <div key={it.item} className="checklist-row">
          <label className="check">
            <input type="checkbox" checked={it.done} onChange={(e) => set(i, { done: e.target.checked })} /> {it.item}
          </label>
          {withResult && it.done && (
            <>
              <label className="check small">
                <input type="checkbox" checked={it.ok !== false} onChange={(e) => set(i, { ok: e.target.checked })} /> in order
              </label>
              <label className="visually-hidden-label">
                <span className="visually-hidden">Note on {it.item}</span>
                <input type="text" placeholder="note" value={it.note ?? ''} onChange={(e) => set(i, { note: e.target.value || undefined })} />
              </label>
            </>
          )}
        </div>
      ))}
    </fieldset>
  );
}

export const allDone = (items: CheckItem[]) => items.every((i) => i.done);
