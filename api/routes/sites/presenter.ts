import type { Site } from '../../../core/db/generated/client.ts';
import type { Role } from '../../../core/users/permissions.ts';
import { maskPersonalData } from '../../../core/users/mask-personal-data.ts';

export function presentSite(s: Site & { chargers: Array<{ id: string }> }, role: Role) {
  return {
    id: s.id,
    name: s.name,
    address: maskPersonalData({ address: s.address }, role).address ?? null,
    customerId: s.customerId,
    environment: s.environment,
    chargerIds: s.chargers.map((c) => c.id),
    createdAt: s.createdAt.toISOString(),
  };
}
