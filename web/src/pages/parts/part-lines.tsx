import type { ReactNode } from 'react';
import type { Part } from '../../api/resource-types.ts';
import { partLabel } from './use-parts.ts';

export interface Line {
  partId: string;
  quantity: number;
}

/** Lines of parts and quantities, with a button to add another; used for goods-in and goods-out. */
export function PartLines<L extends Line>({ parts, lines, onChange, blank, extra }: { parts: Part[]; lines: L[]; onChange(lines: L[]): void; blank: L; extra?: (line: L, set: (patch: Partial<L>) => void, i: number) => ReactNode }) {
  const set = (i: number, patch: Partial<L>) => onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  return (
    <fieldset className="checklist">
      <legend>Parts</legend>
      {lines.map((l, i) => (
        <div key={i} className="line-row">
          <label>
            Part {i + 1}
            <select required value={l.partId} onChange={(e) => set(i, { partId: e.target.value } as Partial<L>)}>
              <option value="">choose a part</option>
              {parts.map((p) => (
                <option key={p.id} value={p.id}>
                  {partLabel(p)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Quantity {i + 1}
            <input type="number" min={1} required value={l.quantity} onChange={(e) => set(i, { quantity: Number(e.target.value) } as Partial<L>)} />
          </label>
          {extra?.(l, (patch) => set(i, patch), i)}
          {lines.length > 1 && (
            <button type="button" className="btn btn-small" onClick={() => onChange(lines.filter((_, j) => j !== i))}>
              Remove line {i + 1}
            </button>
          )}
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...lines, { ...blank }])}>
        Add a line
      </button>
    </fieldset>
  );
}
