import type { ReactNode } from 'react';

interface StatCardProps {
  label: string;
  value: string;
  detail?: ReactNode;
  tone?: 'ok' | 'warn' | 'bad';
  testId?: string;
}

/** One figure with its label and what it was computed from. */
export function StatCard({ label, value, detail, tone, testId }: StatCardProps) {
  return (
    <li className={`card ${tone ? `card-${tone}` : ''}`} data-testid={testId}>
      <span className="card-label">{label}</span>
      <span className="card-value">{value}</span>
      {detail && <span className="card-detail small muted">{detail}</span>}
    </li>
  );
}
