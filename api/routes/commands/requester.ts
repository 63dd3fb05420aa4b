import type { Requester } from '../../../core/bulk/audited-command.ts';
import type { Principal } from '../../../core/users/principal.ts';

/** The caller as the audit entries of the commands they cause name them. */
export function requesterOf(p: Principal): Requester {
  return { actor: `user:${p.userId}`, actorLabel: p.email, actorRole: p.role, via: p.via };
}
