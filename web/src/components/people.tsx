import { useEffect, useState } from 'react';
import type { StaffUser } from '../api/after-sales-types.ts';
import { api } from '../api/client.ts';
import type { Page } from '../api/types.ts';
import { useAuth, useUser } from '../auth/auth-context.tsx';

// Colleagues by name. The user list needs users:read (supervisors, admins); everyone else still sees
// themselves by name and others as "a colleague". One fetch per signed-in user and tab.

let cache: { userId: string; people: Promise<StaffUser[]> } | null = null;

function loadPeople(userId: string): Promise<StaffUser[]> {
  if (cache?.userId !== userId) {
    const people = api.get<Page<StaffUser>>('/api/users', { limit: 200, sort: 'name' }).then((p) => p.items);
    people.catch(() => (cache = null));
    cache = { userId, people };
  }
  return cache.people;
}

export interface Directory {
  /** null: the role may not list colleagues */
  people: StaffUser[] | null;
  nameOf(id: string | null | undefined): string;
}

export function useDirectory(): Directory {
  const { can } = useAuth();
  const me = useUser();
  const allowed = can('users:read');
  const [people, setPeople] = useState<StaffUser[] | null>(null);
  useEffect(() => {
    if (!allowed) return;
    let live = true;
    loadPeople(me.id)
      .then((p) => live && setPeople(p))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [allowed, me.id]);
  const nameOf = (id: string | null | undefined) => {
    if (!id) return '—';
    if (id === me.id) return `${me.name} (you)`;
    return people?.find((p) => p.id === id)?.name ?? 'a colleague';
  };
  return { people: allowed ? people : null, nameOf };
}

interface PersonSelectProps {
  label: string;
  value: string;
  onChange(id: string): void;
  /** only people of these roles (the signed-in user is always offered) */
  roles?: readonly string[];
  /** offer "nobody" as the empty choice */
  emptyLabel?: string;
}

/** Pick a colleague: yourself always, others when the role may list them. */
export function PersonSelect({ label, value, onChange, roles, emptyLabel }: PersonSelectProps) {
  const me = useUser();
  const { people } = useDirectory();
  const others = (people ?? []).filter((p) => p.id !== me.id && !p.disabled && (!roles || roles.includes(p.role)));
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} required={emptyLabel === undefined}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        <option value={me.id}>{me.name} (you)</option>
        {others.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}
