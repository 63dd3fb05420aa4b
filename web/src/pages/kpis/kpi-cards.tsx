import type { Kpis } from '../../api/resource-types.ts';
import { duration, percent } from '../../components/format.ts';
import { StatCard } from '../../components/stat-card.tsx';

type Tone = 'ok' | 'warn' | 'bad' | undefined;
/** Green from `good`, amber from `fair`, red below; no tone without data. */
const toneOf = (rate: number | null, good: number, fair: number): Tone => (rate === null ? undefined : rate >= good ? 'ok' : rate >= fair ? 'warn' : 'bad');

/** The regulation's quality figures for the period and scope, each with what it was computed from. */
export function KpiCards({ k }: { k: Kpis }) {
  const sat = k.customerSatisfaction;
  const rt = k.responseTime;
  return (
    <ul className="cards kpi-cards" aria-label="Service KPIs">
      <StatCard
        testId="kpi-satisfaction"
        label="Customer satisfaction"
        value={sat.mean === null ? '—' : `${sat.mean.toFixed(2)} / 5`}
        detail={`${sat.responses} survey answers`}
        tone={sat.mean === null ? undefined : sat.mean >= 4 ? 'ok' : sat.mean >= 3 ? 'warn' : 'bad'}
      />
      <StatCard testId="kpi-timeliness" label="Repair timeliness" value={percent(k.repairTimeliness.rate)} detail={`${k.repairTimeliness.withinSla} of ${k.repairTimeliness.resolved} within SLA`} tone={toneOf(k.repairTimeliness.rate, 0.9, 0.75)} />
      <StatCard
        testId="kpi-success"
        label="Repair success"
        value={percent(k.repairSuccess.rate)}
        detail={`${k.repairSuccess.notReopened} of ${k.repairSuccess.resolved} not reopened within ${k.repairSuccess.recurrenceDays} days`}
        tone={toneOf(k.repairSuccess.rate, 0.9, 0.75)}
      />
      <StatCard testId="kpi-first-time-fix" label="First-time fix" value={percent(k.firstTimeFix.rate)} detail={`${k.firstTimeFix.fixedOnFirstVisit} of ${k.firstTimeFix.closed} on the first visit`} tone={toneOf(k.firstTimeFix.rate, 0.8, 0.6)} />
      <StatCard testId="kpi-complaints" label="Complaint handling" value={percent(k.complaintHandling.rate)} detail={`${k.complaintHandling.handled} of ${k.complaintHandling.received} complaints handled`} tone={toneOf(k.complaintHandling.rate, 0.9, 0.7)} />
      <StatCard
        testId="kpi-response"
        label="Response time (mean)"
        value={duration(rt.meanMinutes)}
        detail={
          <>
            median {duration(rt.p50Minutes)} · p90 {duration(rt.p90Minutes)} · {rt.tickets} tickets
          </>
        }
      />
      <StatCard testId="kpi-remote" label="Remote resolution" value={percent(k.remoteResolution.rate)} detail={`${k.remoteResolution.remote} of ${k.remoteResolution.resolved} resolved without a visit`} />
    </ul>
  );
}
