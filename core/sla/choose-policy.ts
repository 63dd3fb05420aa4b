import type { CustomerTier, TicketPriority, TicketType } from '../db/generated/enums.ts';

export interface PolicyRule {
  id: string;
  ticketType: TicketType;
  priority: TicketPriority | null;
  tier: CustomerTier | null;
  responseMinutes: number;
  resolutionMinutes: number;
}

/**
 * The policy for a ticket: of those matching its type, priority and customer tier (null matches any),
 * the most specific; between equally specific ones, the tighter resolution target.
 */
export function choosePolicy<P extends PolicyRule>(policies: readonly P[], t: { type: TicketType; priority: TicketPriority; tier: CustomerTier | null }): P | undefined {
  const specificity = (p: P) => (p.priority ? 2 : 0) + (p.tier ? 1 : 0);
  return policies
    .filter((p) => p.ticketType === t.type && (p.priority === null || p.priority === t.priority) && (p.tier === null || p.tier === t.tier))
    .sort((a, b) => specificity(b) - specificity(a) || a.resolutionMinutes - b.resolutionMinutes)[0];
}
