import type { Diagnosis } from '../../api/service-types.ts';
import { StatusBadge, humanize } from '../../components/status-badge.tsx';

const CHECK_TONE = { pending: 'queued', ok: 'succeeded', warning: 'medium', failed: 'failed', skipped: 'expired' } as const;
const CHECK_LABEL: Record<string, string> = {
  status: 'Status re-read',
  meterValues: 'Fresh meter values',
  configuration: 'Configuration keys',
  telemetry: 'Telemetry around the fault',
  connectionHistory: 'Connection history',
  firmware: 'Firmware version',
  repeatFaults: 'Repeat-fault history',
  faultHistory: 'Fault history',
  siteCorrelation: 'Other chargers of the site',
};

/** The automatic first diagnosis: causes, recommended action, parts, and each check with its result. */
export function DiagnosisView({ diagnosis: d }: { diagnosis: Diagnosis | null }) {
  if (!d) {
    return (
      <div className="panel" aria-labelledby="diagnosis-title">
        <h2 id="diagnosis-title">Diagnosis</h2>
        <p className="muted" role="status">
          The automatic checks are still running…
        </p>
      </div>
    );
  }
  return (
    <div className="panel" aria-labelledby="diagnosis-title" data-testid="diagnosis">
      <h2 id="diagnosis-title">Diagnosis: {d.title}</h2>
      {d.description && <p>{d.description}</p>}
      <p className="note">
        <strong>Recommended action:</strong> {d.recommendedAction}
      </p>
      <div className="split">
        <div>
          <h3>Likely causes</h3>
          <ol>
            {d.likelyCauses.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ol>
        </div>
        <div>
          <h3>Parts to bring</h3>
          {d.parts.length ? (
            <ul>
              {d.parts.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">none expected</p>
          )}
        </div>
      </div>
      <h3>Checks</h3>
      <p>{d.summary ?? 'The checks are running…'}</p>
      <table className="table compact" aria-label="Diagnosis checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Finding</th>
          </tr>
        </thead>
        <tbody>
          {d.checks.map((c) => (
            <tr key={c.name}>
              <th scope="row">{CHECK_LABEL[c.name] ?? humanize(c.name)}</th>
              <td>
                <StatusBadge status={CHECK_TONE[c.status]} label={c.status} />
              </td>
              <td>{c.summary ?? '…'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
