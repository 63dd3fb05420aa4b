import type { TicketDetail } from '../../api/service-types.ts';

/** The next steps of the after-sales workflow for this ticket (dispatch, on-site repair, sign-off). */
export function TicketWorkflow({ ticket }: { ticket: TicketDetail; onChanged(): void }) {
  // TODO(after-sales API): dispatch, parts, costs, signature and closing endpoints.
  if (['closed', 'resolved_remotely', 'cancelled'].includes(ticket.status)) return null;
  return null;
}
