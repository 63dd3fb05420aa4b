import { useState } from 'react';
import { api, ProblemError } from '../../api/client.ts';

/** POSTs a form's body to the workflow API; keeps the problem's message (and its field errors) for display. */
export function useSubmit(url: string, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const submit = async (body: unknown) => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post(url, body);
      onDone();
    } catch (err) {
      const fields = err instanceof ProblemError ? (err.problem.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ') : '';
      setError(`${err instanceof Error ? err.message : String(err)}${fields ? ` (${fields})` : ''}`);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
