import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import type { Part, StockMovement } from '../../api/resource-types.ts';
import type { TicketSummary, WorkflowTicket } from '../../api/service-types.ts';
import type { Page } from '../../api/types.ts';
import { useAction } from '../../api/use-action.ts';
import { useResource } from '../../api/use-resource.ts';
import { useUser } from '../../auth/auth-context.tsx';
import { FormDone, FormError } from '../../components/form-error.tsx';
import { formatDateTimeShort } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';
import { SignaturePad } from '../../components/signature-pad.tsx';
import { PartLines, type Line } from './part-lines.tsx';

const BLANK: Line = { partId: '', quantity: 1 };
// tickets whose work order may still take parts
const WORKING = 'dispatched,on_site,testing,awaiting_signoff';

/**
 * Goods-out, only against an open work order, signed by the receiver on the screen. The API has no list
 * of open work orders: they are found through the tickets in the field.
 */
export function GoodsOutForm({ parts, initialTicket, onDone }: { parts: Part[]; initialTicket?: string; onDone(): void }) {
  const tickets = useResource(() => api.get<Page<TicketSummary>>('/api/tickets', { status: WORKING, limit: 200 }).then((p) => p.items), 'working');
  const [ticketId, setTicketId] = useState(initialTicket ?? '');
  const chosenTicket = ticketId || tickets.data?.[0]?.id || '';
  const wf = useResource(() => (chosenTicket ? api.get<WorkflowTicket>(`/api/workflow/tickets/${chosenTicket}`) : Promise.resolve(null)), chosenTicket);
  const orders = (wf.data?.workOrders ?? []).filter((o) => !o.completedAt && !o.cancelledAt);
  const [orderId, setOrderId] = useState('');
  const order = orders.find((o) => o.id === orderId) ?? orders[0];
  // after each issue the form starts afresh (lines, signature); the confirmation stays
  const [issued, setIssued] = useState<{ round: number; message?: string }>({ round: 0 });
  if (tickets.data?.length === 0) return <p className="note">No ticket has a team in the field: parts go out only against an open work order.</p>;
  return (
    <div className="stack" role="group" aria-labelledby="goods-out-title">
      <h2 id="goods-out-title">Goods out</h2>
      <div className="form-grid">
        <label>
          Ticket
          <select value={chosenTicket} onChange={(e) => (setTicketId(e.target.value), setOrderId(''))}>
            {(tickets.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.reference} {t.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Work order
          <select value={order?.id ?? ''} onChange={(e) => setOrderId(e.target.value)} disabled={orders.length === 0}>
            {orders.length === 0 && <option value="">no open work order</option>}
            {orders.map((o) => (
              <option key={o.id} value={o.id}>
                WO-{o.number}, arrival {formatDateTimeShort(o.window.start)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <FormDone message={issued.message} />
      {order && (
        <IssueForm
          key={`${order.id}:${issued.round}`}
          parts={parts}
          workOrderId={order.id}
          engineerId={order.engineerId}
          planned={order.plannedParts}
          onIssued={(message) => {
            setIssued((r) => ({ round: r.round + 1, message }));
            onDone();
          }}
        />
      )}
    </div>
  );
}

interface IssueFormProps {
  parts: Part[];
  workOrderId: string;
  engineerId: string;
  planned: Array<{ name: string; partId?: string; quantity: number }>;
  onIssued(message: string): void;
}

function IssueForm({ parts, workOrderId, engineerId, planned, onIssued }: IssueFormProps) {
  const me = useUser();
  const { people, nameOf } = useDirectory();
  const save = useAction();
  const fromPlan = planned.filter((p) => p.partId).map((p) => ({ partId: p.partId!, quantity: p.quantity }));
  const [lines, setLines] = useState<Line[]>(fromPlan.length ? fromPlan : [{ ...BLANK }]);
  const [receiverId, setReceiverId] = useState(engineerId);
  const known = (id: string) => (id === me.id ? me.name : people?.find((p) => p.id === id)?.name ?? '');
  const [name, setName] = useState(known(engineerId));
  const [signature, setSignature] = useState<string | null>(null);
  const receivers = [...new Set([engineerId, me.id, ...(people ?? []).filter((p) => !p.disabled && p.role !== 'viewer').map((p) => p.id)])];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!signature) return;
    const r = await save.run(() => api.post<{ movements: StockMovement[] }>('/api/parts/goods-out', { workOrderId, lines, receiver: { userId: receiverId, name: name.trim(), signature } }));
    if (!r) return;
    const sku = (id: string | undefined) => parts.find((p) => p.id === id)?.sku ?? 'part';
    onIssued(`Issued ${r.movements.map((m, i) => `${sku(lines[i]?.partId)} × ${Math.abs(m.quantity)} (${m.balanceAfter} left)`).join(', ')}, signed by ${name.trim()}.`);
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Issue parts against the work order" className="stack">
      <PartLines parts={parts} lines={lines} onChange={setLines} blank={BLANK} />
      <div className="form-grid">
        <label>
          Receiver
          <select
            value={receiverId}
            onChange={(e) => {
              setReceiverId(e.target.value);
              setName(known(e.target.value));
            }}
          >
            {receivers.map((id) => (
              <option key={id} value={id}>
                {id === engineerId ? `${nameOf(id)} — the dispatched engineer` : nameOf(id)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Receiver's name
          <input required autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
      </div>
      <SignaturePad label="Receiver's signature" onChange={setSignature} />
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy || !signature || !name.trim() || lines.some((l) => !l.partId)}>
        Issue the parts
      </button>
    </form>
  );
}
