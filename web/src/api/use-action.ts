import { useCallback, useState } from 'react';
import { ProblemError } from './client.ts';

/** A problem's message with its invalid fields and the checklist items it names as missing. */
export function describeError(err: unknown): string {
  if (!(err instanceof ProblemError)) return err instanceof Error ? err.message : String(err);
  const p = err.problem;
  const fields = (p.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ');
  return `${err.message}${fields ? ` (${fields})` : ''}`;
}

export interface Action {
  busy: boolean;
  error: string | undefined;
  /** runs `work`; resolves to its result, or to undefined once the error is on display */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

/** Busy state and error display around one state-changing call of a form. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await work();
    } catch (err) {
      setError(describeError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(undefined), []);
  return { busy, error, run, clear };
}
