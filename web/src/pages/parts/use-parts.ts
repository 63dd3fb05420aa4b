import { api } from '../../api/client.ts';
import type { Part } from '../../api/resource-types.ts';
import type { Page } from '../../api/types.ts';
import { useResource } from '../../api/use-resource.ts';

/** The whole catalogue (paged through; a depot holds hundreds of SKUs, not hundreds of thousands). */
export async function allParts(q?: string): Promise<Part[]> {
  const out: Part[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 20; i++) {
    const page: Page<Part> = await api.get<Page<Part>>('/api/parts', { limit: 200, q, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

export function useParts(q = '', version = 0) {
  return useResource(() => allParts(q || undefined), `${q}:${version}`);
}

export const partLabel = (p: Part) => `${p.sku} — ${p.name} (${p.quantity} in stock)`;
