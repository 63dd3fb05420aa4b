import { useState } from 'react';
import type { Part } from '../../api/resource-types.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { SubNav } from '../../components/sub-nav.tsx';
import { Link, useLocation } from '../../router.tsx';
import { GoodsInForm } from './goods-in-form.tsx';
import { GoodsOutForm } from './goods-out-form.tsx';
import { PartForm } from './part-form.tsx';
import { ReorderPanel } from './reorder-panel.tsx';
import { StockCount } from './stock-count.tsx';
import { useParts } from './use-parts.ts';

type Tab = 'stock' | 'goods-in' | 'goods-out' | 'count' | 'reorder';

/** Spare parts: stock, goods-in with inspection, goods-out against work orders, counts, reorders. */
export function PartsPage() {
  const { can } = useAuth();
  const { search } = useLocation();
  const [version, setVersion] = useState(0);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const parts = useParts(query, version);
  const tabs: Array<{ id: Tab; label: string; allowed: boolean }> = [
    { id: 'stock', label: 'Stock', allowed: true },
    { id: 'goods-in', label: 'Goods in', allowed: can('parts:manage') },
    { id: 'goods-out', label: 'Goods out', allowed: can('parts:issue') },
    { id: 'count', label: 'Stock count', allowed: can('parts:manage') },
    { id: 'reorder', label: 'Reorder', allowed: true },
  ];
  const tab = tabs.find((t) => t.id === search.get('tab') && t.allowed)?.id ?? 'stock';
  const changed = () => setVersion((n) => n + 1);
  return (
    <section aria-labelledby="parts-title">
      <h1 id="parts-title">Spare parts</h1>
      <SubNav label="Parts sections" items={tabs.filter((t) => t.allowed).map((t) => ({ href: t.id === 'stock' ? '/parts' : `/parts?tab=${t.id}`, label: t.label, current: t.id === tab }))} />
      {tab === 'reorder' ? (
        <ReorderPanel version={version} />
      ) : (
        <DataState resource={parts} label="the parts">
          {(items) => (
            <div className="panel">
              {tab === 'stock' && (
                <>
                  <form
                    className="filters"
                    role="search"
                    aria-label="Search parts"
                    onSubmit={(e) => {
                      e.preventDefault();
                      setQuery(q.trim());
                    }}
                  >
                    <label>
                      Search
                      <input type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="SKU, name or spec" />
                    </label>
                    <button type="submit" className="btn">
                      Search
                    </button>
                  </form>
                  <StockTable parts={items} />
                  {can('parts:manage') && <NewPart onDone={changed} />}
                </>
              )}
              {tab === 'goods-in' && <GoodsInForm parts={items} onDone={changed} />}
              {tab === 'goods-out' && <GoodsOutForm parts={items} initialTicket={search.get('ticket') ?? undefined} onDone={changed} />}
              {tab === 'count' && <StockCount parts={items} onDone={changed} />}
            </div>
          )}
        </DataState>
      )}
    </section>
  );
}

function NewPart({ onDone }: { onDone(): void }) {
  const [open, setOpen] = useState(false);
  return open ? (
    <PartForm
      onDone={() => {
        setOpen(false);
        onDone();
      }}
    />
  ) : (
    <button type="button" className="btn" onClick={() => setOpen(true)}>
      New part
    </button>
  );
}

function StockTable({ parts }: { parts: Part[] }) {
  if (parts.length === 0) return <p className="muted">No part found.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Parts inventory">
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">Part</th>
            <th scope="col" className="num">
              In stock
            </th>
            <th scope="col">Location</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((p) => (
            <tr key={p.id} data-sku={p.sku}>
              <th scope="row">
                <Link href={`/parts/${p.id}`}>{p.sku}</Link>
              </th>
              <td>
                {p.name}
                {p.spec && <span className="muted small"> · {p.spec}</span>}
                {!p.approved && <StatusBadge status="medium" label="not approved" />}
              </td>
              <td className="num" data-testid={`stock-${p.sku}`}>
                {p.quantity <= p.reorderPoint ? <StatusBadge status="medium" label={`${p.quantity} — reorder`} /> : p.quantity}
              </td>
              <td>{p.location ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
