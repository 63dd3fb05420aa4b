import type { CampaignCounts } from '../../api/resource-types.ts';

/** Succeeded, sent and failed shares of a campaign (or a wave), with the counts in words. */
export function ProgressBar({ counts }: { counts: CampaignCounts }) {
  const total = counts.pending + counts.sent + counts.succeeded + counts.failed;
  const pct = (n: number) => `${total ? (n / total) * 100 : 0}%`;
  const text = `${counts.succeeded} of ${total} updated, ${counts.sent} under way, ${counts.failed} failed, ${counts.pending} waiting`;
  return (
    <div>
      <div className="bar" role="img" aria-label={text}>
        <span className="bar-ok" style={{ width: pct(counts.succeeded) }} />
        <span className="bar-info" style={{ width: pct(counts.sent) }} />
        <span className="bar-bad" style={{ width: pct(counts.failed) }} />
      </div>
      <span className="small muted">{text}</span>
    </div>
  );
}
