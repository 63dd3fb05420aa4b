import type { TicketFile } from '../../api/service-types.ts';
import { bytes, formatDateTimeShort } from '../../components/format.ts';

/** Diagnostics and log files the charger uploaded for this ticket, to download. */
export function TicketFiles({ files }: { files: TicketFile[] }) {
  if (files.length === 0) return null;
  return (
    <div className="panel">
      <h2>Files from the charger</h2>
      <ul aria-label="Files from the charger">
        {files.map((f) => (
          <li key={f.id}>
            <a href={f.url} download={f.fileName ?? undefined}>
              {f.fileName ?? 'diagnostics.log'}
            </a>{' '}
            <span className="muted small">
              {bytes(f.sizeBytes)} · received {formatDateTimeShort(f.receivedAt)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
