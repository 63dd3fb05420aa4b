import type { ReactNode } from 'react';
import { ProblemError } from '../api/client.ts';
import type { Resource } from '../api/use-resource.ts';

/** Shows a resource's content, or that it is loading, or why it failed (with a retry button). */
export function DataState<T>({ resource, children, label }: { resource: Resource<T>; children: (data: T) => ReactNode; label: string }) {
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.error) return <ErrorNote error={resource.error} onRetry={resource.reload} what={label} />;
  return (
    <p className="muted" role="status">
      Loading {label}…
    </p>
  );
}

export function ErrorNote({ error, onRetry, what }: { error: Error; onRetry?: () => void; what: string }) {
  const code = error instanceof ProblemError ? error.code : undefined;
  const text = code === 'AUTH_FORBIDDEN' ? `Your role may not see ${what}.` : code === 'API_ROUTE_NOT_FOUND' ? `This server does not offer ${what} yet.` : `Could not load ${what}: ${error.message}`;
  return (
    <div className="note note-error" role="alert">
      <span>{text}</span>
      {onRetry && code !== 'AUTH_FORBIDDEN' && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
