import type { Part, StockMovement } from '../../../core/db/generated/client.ts';

export function presentPart(p: Part) {
  return {
    id: p.id,
    sku: p.sku,
    name: p.name,
    spec: p.spec,
    compatibleModels: p.compatibleModels,
    location: p.location,
    quantity: p.quantity,
    reorderPoint: p.reorderPoint,
    reorderQuantity: p.reorderQuantity,
    unitCostCents: p.unitCostCents,
    approved: p.approved,
  };
}

export function presentMovement(m: StockMovement) {
  return {
    id: String(m.id),
    kind: m.kind,
    quantity: m.quantity,
    rejectedQuantity: m.rejectedQuantity,
    balanceAfter: m.balanceAfter,
    at: m.at.toISOString(),
    actor: m.actor,
    workOrderId: m.workOrderId,
    supplierId: m.supplierId,
    inspectionPassed: m.inspectionPassed,
    receiverName: m.receiverName,
  };
}
