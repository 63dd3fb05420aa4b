import type { Installation } from '../../api/after-sales-types.ts';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/use-resource.ts';
import { useAuth } from '../../auth/auth-context.tsx';
import { DataState } from '../../components/data-state.tsx';
import { formatDateTimeShort } from '../../components/format.ts';
import { useDirectory } from '../../components/people.tsx';
import { StatusBadge } from '../../components/status-badge.tsx';
import { useLiveEvents } from '../../live/live-feed.tsx';
import { Link } from '../../router.tsx';
import { NextStep, WorkflowFacts } from '../tickets/ticket-workflow.tsx';
import { CommissioningPanel } from './commissioning-panel.tsx';
import { AcceptanceForm, InstalledForm, TrainingForm } from './installation-steps.tsx';

const STEPS = [
  { status: 'scheduled', label: 'Scheduled' },
  { status: 'installed', label: 'Installed' },
  { status: 'commissioned', label: 'Commissioned' },
  { status: 'trained', label: 'Customer trained' },
  { status: 'awaiting_signoff', label: 'Acceptance' },
  { status: 'closed', label: 'Accepted' },
];

/** One installation: appointment → installed (checklist) → commissioned (OCPP checks) → trained → acceptance signed by both. */
export function InstallationPage({ id }: { id: string }) {
  const inst = useResource(() => api.get<Installation>(`/api/installations/${encodeURIComponent(id)}`), id);
  useLiveEvents((e) => e.name === 'ticket.updated' && e.data.ticketId === id, inst.reload, 300);
  return (
    <section aria-labelledby="installation-title">
      <p className="crumbs">
        <Link href="/installations">Installations</Link> / {inst.data?.ticket.reference ?? '…'}
      </p>
      <DataState resource={inst} label="this installation">
        {(i) => <Detail i={i} onChanged={inst.reload} />}
      </DataState>
    </section>
  );
}

function Detail({ i, onChanged }: { i: Installation; onChanged(): void }) {
  const { can } = useAuth();
  const { nameOf } = useDirectory();
  const t = i.ticket;
  const at = STEPS.findIndex((s) => s.status === t.status);
  const write = can('tickets:write');
  return (
    <>
      <header className="page-head">
        <h1 id="installation-title">
          {t.reference} installation of {i.chargerId}
        </h1>
        <p>
          <StatusBadge status={t.status} />
        </p>
        <ol className="steps-track" aria-label="Installation steps">
          {STEPS.map((s, n) => (
            <li key={s.status} aria-current={n === at ? 'step' : undefined} className={n < at ? 'step-done' : undefined}>
              {s.label}
            </li>
          ))}
        </ol>
        <dl className="facts">
          <div>
            <dt>Appointment</dt>
            <dd>
              {formatDateTimeShort(i.window.start)} – {new Date(i.window.end).toLocaleTimeString('en-GB', { timeStyle: 'short' })}
            </dd>
          </div>
          <div>
            <dt>Model</dt>
            <dd>{i.model ?? '—'}</dd>
          </div>
          <div>
            <dt>Installer</dt>
            <dd>{nameOf(i.installerId)}</dd>
          </div>
          <div>
            <dt>Charger</dt>
            <dd>
              <Link href={`/chargers/${encodeURIComponent(i.chargerId)}`}>{i.chargerId}</Link>
            </dd>
          </div>
          {i.trainedAt && (
            <div>
              <dt>Customer trained</dt>
              {/* the API returns the trainee's name unmasked: shown only to roles that may see names */}
              <dd>
                {can('personal-data:name') && i.traineeName ? `${i.traineeName}: ` : ''}
                {i.trainingTopics.join(', ')}
              </dd>
            </div>
          )}
        </dl>
      </header>
      <WorkflowFacts workflow={t} />
      {write && t.status !== 'closed' && t.status !== 'cancelled' && (
        <NextStep workflow={t} path={`/api/workflow/tickets/${t.id}`} onChanged={onChanged}>
          {t.status === 'scheduled' && <InstalledForm inst={i} onDone={onChanged} />}
          {t.status === 'installed' && <CommissioningPanel inst={i} canRun onDone={onChanged} />}
          {t.status === 'commissioned' && <TrainingForm inst={i} onDone={onChanged} />}
          {(t.status === 'trained' || t.status === 'awaiting_signoff') && <AcceptanceForm inst={i} onDone={onChanged} />}
        </NextStep>
      )}
      {(!write || !['installed'].includes(t.status)) && t.tests.length > 0 && (
        <div className="panel">
          <CommissioningPanel inst={i} canRun={false} onDone={onChanged} />
        </div>
      )}
      <div className="panel">
        <h2>Checklist</h2>
        <ul className="check-results" aria-label="Installation checklist">
          {i.checklist.map((c) => (
            <li key={c.item}>
              <StatusBadge status={c.done ? 'succeeded' : 'queued'} label={c.done ? 'done' : 'to do'} /> {c.item}
            </li>
          ))}
        </ul>
        <p className="small">
          <Link href={`/tickets/${t.id}`}>Timeline of {t.reference}</Link>
        </p>
      </div>
    </>
  );
}
