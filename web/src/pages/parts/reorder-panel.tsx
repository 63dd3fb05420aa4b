import { api } from '../../api/client.ts';
import type { ReorderSuggestion } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { Link } from '../../router.tsx';

/** What to order, from stock levels and the last months' demand (computed by the server). */
export function ReorderPanel({ version }: { version: number }) {
  const s = useResource(() => api.get<{ items: ReorderSuggestion[] }>('/api/parts/reorder-suggestions').then((r) => r.items), String(version));
  return (
    <div className="panel">
      <h2>Reorder suggestions</h2>
      <DataState resource={s} label="reorder suggestions">
        {(items) =>
          items.length === 0 ? (
            <p className="muted">Every part is above its reorder point.</p>
          ) : (
            <table className="table compact" aria-label="Reorder suggestions">
              <thead>
                <tr>
                  <th scope="col">Part</th>
                  <th scope="col" className="num">
                    In stock
                  </th>
                  <th scope="col" className="num">
                    Reorder point
                  </th>
                  <th scope="col" className="num">
                    Monthly demand
                  </th>
                  <th scope="col" className="num">
                    Order
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.partId}>
                    <th scope="row">
                      <Link href={`/parts/${r.partId}`}>{r.sku}</Link> {r.name}
                    </th>
                    <td className="num">{r.quantity}</td>
                    <td className="num">{r.reorderPoint}</td>
                    <td className="num">{r.monthlyDemand.toFixed(1)}</td>
                    <td className="num">
                      <strong>{r.suggestedQuantity}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </DataState>
    </div>
  );
}
