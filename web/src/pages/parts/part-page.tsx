import { api } from '../../api/client.ts';
import type { PartDetail } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { DataState } from '../../components/data-state.tsx';
import { formatDateTimeShort, money } from '../../components/format.ts';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';
import { Link } from '../../router.tsx';

/** One part: catalogue data and its latest stock movements (who took what for which work order). */
export function PartPage({ id }: { id: string }) {
  const part = useResource(() => api.get<PartDetail>(`/api/parts/${encodeURIComponent(id)}`), id);
  return (
    <section aria-labelledby="part-title">
      <p className="crumbs">
        <Link href="/parts">Parts</Link> / {part.data?.sku ?? '…'}
      </p>
      <DataState resource={part} label="this part">
        {(p) => (
          <>
            <header className="page-head">
              <h1 id="part-title">
                {p.sku} {p.name} {!p.approved && <StatusBadge status="medium" label="not approved" />}
              </h1>
              <dl className="facts">
                <div>
                  <dt>In stock</dt>
                  <dd data-testid="part-quantity">{p.quantity}</dd>
                </div>
                <div>
                  <dt>Reorder at</dt>
                  <dd>
                    {p.reorderPoint} (order {p.reorderQuantity})
                  </dd>
                </div>
                <div>
                  <dt>Location</dt>
                  <dd>{p.location ?? '—'}</dd>
                </div>
                <div>
                  <dt>Unit cost</dt>
                  <dd>{money(p.unitCostCents)}</dd>
                </div>
                <div>
                  <dt>Fits</dt>
                  <dd>{p.compatibleModels.join(', ') || 'any model'}</dd>
                </div>
              </dl>
              {p.spec && <p>{p.spec}</p>}
            </header>
            <div className="panel">
              <h2>Stock movements</h2>
              {p.movements.length === 0 ? (
                <p className="muted">None yet.</p>
              ) : (
                <div className="table-wrap">
                  <table className="table compact" aria-label="Stock movements">
                    <thead>
                      <tr>
                        <th scope="col">When</th>
                        <th scope="col">Movement</th>
                        <th scope="col" className="num">
                          Quantity
                        </th>
                        <th scope="col" className="num">
                          Balance
                        </th>
                        <th scope="col">Detail</th>
                      </tr>
                    </thead>
                    <tbody>
                      {p.movements.map((m) => (
                        <tr key={m.id}>
                          <td>{formatDateTimeShort(m.at)}</td>
                          <td>{humanize(m.kind)}</td>
                          <td className="num">{m.quantity > 0 ? `+${m.quantity}` : m.quantity}</td>
                          <td className="num">{m.balanceAfter}</td>
                          <td>
                            {m.inspectionPassed === false && 'failed inspection '}
                            {m.rejectedQuantity > 0 && `${m.rejectedQuantity} rejected `}
                            {m.receiverName && `signed for by ${m.receiverName}`}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </div>
          </>
        )}
      </DataState>
    </section>
  );
}
