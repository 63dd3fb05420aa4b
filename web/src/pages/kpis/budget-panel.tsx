import { useState, type FormEvent } from 'react';
import { COST_CATEGORIES, type CostCategory } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { FormError } from '../../components/form-error.tsx';
import { money } from '../../components/format.ts';
import { StatusBadge } from '../../components/status-badge.tsx';

interface BudgetLine {
  category: string;
  budgetCents: number | null;
  actualCents: number;
  pendingCents: number;
  usedPercent: number | null;
}

/** Service costs against the year's budget per category (approved spending; what waits for approval apart). */
export function BudgetPanel({ year }: { year: number }) {
  const { can } = useAuth();
  const report = useResource(() => api.get<{ lines: BudgetLine[] }>('/api/budgets/report', { year }).then((r) => r.lines), String(year));
  return (
    <div className="panel">
      <h2>Budget versus actual {year}</h2>
      <DataState resource={report} label="the budget report">
        {(lines) => (
          <table className="table compact" aria-label={`Budget versus actual ${year}`}>
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Budget
                </th>
                <th scope="col" className="num">
                  Spent
                </th>
                <th scope="col" className="num">
                  Awaiting approval
                </th>
                <th scope="col">Used</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={l.category}>
                  <th scope="row">{l.category}</th>
                  <td className="num">{l.budgetCents === null ? 'none set' : money(l.budgetCents)}</td>
                  <td className="num">{money(l.actualCents)}</td>
                  <td className="num">{l.pendingCents ? money(l.pendingCents) : '—'}</td>
                  <td>{l.usedPercent === null ? '—' : <StatusBadge status={l.usedPercent > 100 ? 'high' : l.usedPercent > 85 ? 'medium' : 'succeeded'} label={`${l.usedPercent.toFixed(0)} %`} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </DataState>
      {can('budgets:write') && <BudgetForm year={year} onDone={report.reload} />}
    </div>
  );
}

function BudgetForm({ year, onDone }: { year: number; onDone(): void }) {
  const save = useAction();
  const [category, setCategory] = useState<CostCategory>('labour');
  const [amount, setAmount] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await save.run(() => api.put(`/api/budgets/${year}/${category}`, { amountCents: Math.round(Number(amount) * 100) }))) {
      setAmount('');
      onDone();
    }
  };
  return (
    <form className="inline-form" aria-label={`Set a budget for ${year}`} onSubmit={(e) => void submit(e)}>
      <label>
        Category
        <select value={category} onChange={(e) => setCategory(e.target.value as CostCategory)}>
          {COST_CATEGORIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Budget {year} (€)
        <input type="number" min={0} step="0.01" required value={amount} onChange={(e) => setAmount(e.target.value)} />
      </label>
      <button type="submit" className="btn" disabled={save.busy}>
        Set the budget
      </button>
      <FormError error={save.error} />
    </form>
  );
}
