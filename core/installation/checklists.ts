import type { Db } from '../workflow/workflow-deps.ts';
import { InstallationError } from './errors.ts';

/** Used for a model without a checklist of its own (installation per the manual; maintenance per the regulation). */
export const DEFAULT_CHECKLISTS = {
  installation: [
    'site survey and supply capacity confirmed',
    'mounting per the installation drawing',
    'cable sizes and protective devices per the manual',
    'earthing and RCD verified',
    'terminals torqued to specification',
    'network connection configured',
  ],
  maintenance: ['cleaning (housing, vents, filters)', 'visual inspection (cable, connector, housing, seals)', 'tighten electrical connections', 'charging-module test', 'RCD test'],
} as const;

export type ChecklistKind = keyof typeof DEFAULT_CHECKLISTS;

export async function checklistFor(db: Db, model: string | null | undefined, kind: ChecklistKind): Promise<string[]> {
  const own = model ? await db.modelChecklist.findUnique({ where: { model_kind: { model, kind } } }) : null;
  return own?.items ?? [...DEFAULT_CHECKLISTS[kind]];
}

export interface TickedItem {
  item: string;
  done: boolean;
  note?: string | undefined;
}

/** Every item of the checklist must be ticked; the record keeps the ticks with their notes. */
export function requireComplete(required: readonly string[], ticked: readonly TickedItem[]): void {
  const done = new Set(ticked.filter((t) => t.done).map((t) => t.item.trim().toLowerCase()));
  const missing = required.filter((r) => !done.has(r.toLowerCase()));
  if (missing.length) throw new InstallationError('CHECKLIST_INCOMPLETE', `the checklist is not complete; missing: ${missing.join(', ')}`, { missing });
}
