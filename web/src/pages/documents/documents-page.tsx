import { useState } from 'react';
import { api } from '../../api/client.ts';
import { DOCUMENT_KINDS, type DocumentKind, type TechnicalDocument } from '../../api/resource-types.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { DataTable } from '../../components/data-table.tsx';
import { bytes, formatDate } from '../../components/format.ts';
import { humanize } from '../../components/status-badge.tsx';
import { setSearch, useLocation } from '../../router.tsx';
import { DocumentForm, UploadVersion } from './document-forms.tsx';

/** Manuals, installation drawings and repair guides per charger model, with their versions. */
export function DocumentsPage() {
  const { can } = useAuth();
  const { search } = useLocation();
  const filters = { model: search.get('model') ?? undefined, kind: search.get('kind') ?? undefined };
  const [model, setModel] = useState(filters.model ?? '');
  const docs = useResource(() => api.get<{ items: TechnicalDocument[] }>('/api/documents', filters).then((r) => r.items), JSON.stringify(filters));
  return (
    <section aria-labelledby="documents-title">
      <h1 id="documents-title">Technical documents</h1>
      <form
        className="filters"
        role="search"
        aria-label="Filter documents"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch({ model: model.trim() });
        }}
      >
        <label>
          Charger model
          <input value={model} onChange={(e) => setModel(e.target.value)} />
        </label>
        <label>
          Kind
          <select value={filters.kind ?? ''} onChange={(e) => setSearch({ kind: e.target.value })}>
            <option value="">any</option>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          Filter
        </button>
      </form>
      <DataState resource={docs} label="documents">
        {(items) =>
          items.length === 0 ? (
            <p className="muted">No document found.</p>
          ) : (
            <DataTable label="Documents" headers={['Model', 'Document', 'Kind', 'Latest version', 'Older versions']}>
              {items.map((d) => (
                <DocumentRow key={d.id} d={d} canWrite={can('documents:write')} onChanged={docs.reload} />
              ))}
            </DataTable>
          )
        }
      </DataState>
      {can('documents:write') && <DocumentForm onDone={docs.reload} />}
    </section>
  );
}

function DocumentRow({ d, canWrite, onChanged }: { d: TechnicalDocument; canWrite: boolean; onChanged(): void }) {
  const [latest, ...older] = d.versions;
  return (
    <tr>
      <td>{d.model}</td>
      <th scope="row">{d.title}</th>
      <td>{humanize(d.kind as DocumentKind)}</td>
      <td>
        {latest ? (
          <>
            <a href={latest.downloadUrl} download={latest.fileName}>
              v{latest.version} {latest.fileName}
            </a>{' '}
            <span className="muted small">
              {bytes(latest.sizeBytes)} · {formatDate(latest.uploadedAt)}
            </span>
          </>
        ) : (
          <span className="muted">no file yet</span>
        )}
        {canWrite && <UploadVersion doc={d} onDone={onChanged} />}
      </td>
      <td>
        {older.length === 0
          ? '—'
          : older.map((v) => (
              <div key={v.version}>
                <a href={v.downloadUrl} download={v.fileName}>
                  v{v.version}
                </a>{' '}
                <span className="muted small">{formatDate(v.uploadedAt)}</span>
              </div>
            ))}
      </td>
    </tr>
  );
}
