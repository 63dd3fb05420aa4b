import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { DOCUMENT_KINDS, type DocumentKind, type TechnicalDocument } from '../../api/resource-types.ts';
import { useAction } from '../../api/use-action.ts';
import { FormError } from '../../components/form-error.tsx';
import { humanize } from '../../components/status-badge.tsx';

// The types the API stores as they are; anything else goes up as application/octet-stream.
const TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/svg+xml', 'application/zip', 'text/plain'];

function upload(documentId: string, file: File) {
  const typed = TYPES.includes(file.type) ? file : new Blob([file], { type: 'application/octet-stream' });
  return api.upload(`/api/documents/${documentId}/versions`, typed, { fileName: file.name });
}

/** A new version of a document: the file is the request body. */
export function UploadVersion({ doc, onDone }: { doc: TechnicalDocument; onDone(): void }) {
  const save = useAction();
  const [file, setFile] = useState<File | null>(null);
  return (
    <form
      className="inline-form"
      aria-label={`Upload a new version of ${doc.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        if (file)
          void save.run(() => upload(doc.id, file)).then((r) => {
            if (!r) return;
            form.reset();
            setFile(null);
            onDone();
          });
      }}
    >
      <label>
        <span className="visually-hidden">File for {doc.title}</span>
        <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </label>
      <button type="submit" className="btn btn-small" disabled={!file || save.busy}>
        Upload version
      </button>
      <FormError error={save.error} />
    </form>
  );
}

/** A new document for a model, with its first file. */
export function DocumentForm({ onDone }: { onDone(): void }) {
  const save = useAction();
  const [model, setModel] = useState('');
  const [kind, setKind] = useState<DocumentKind>('manual');
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const ok = await save.run(async () => {
      const d = await api.post<TechnicalDocument>('/api/documents', { model: model.trim(), kind, title: title.trim() });
      if (file) await upload(d.id, file);
      return d;
    });
    if (ok) {
      form.reset();
      setTitle('');
      setFile(null);
      onDone();
    }
  };
  return (
    <form className="panel workflow-form" aria-labelledby="document-form-title" onSubmit={(e) => void submit(e)}>
      <h2 id="document-form-title">Add a document</h2>
      <div className="form-grid">
        <label>
          Charger model
          <input required value={model} onChange={(e) => setModel(e.target.value)} />
        </label>
        <label>
          Kind
          <select value={kind} onChange={(e) => setKind(e.target.value as DocumentKind)}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Title
          <input required value={title} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label>
          File
          <input type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
      </div>
      <FormError error={save.error} />
      <button type="submit" className="btn btn-primary" disabled={save.busy}>
        Add the document
      </button>
    </form>
  );
}
