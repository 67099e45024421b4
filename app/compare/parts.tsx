/**
 * Small pieces the Compare panel and the plan view share: a located issue list and a progress
 * bar (role="progressbar" with aria-valuenow in percent).
 */
import { formatIssue, type InputIssue } from '../../sim-core/text/input-error.ts';

/** A located issue list (experiment or scenario problems). */
export function IssueList({ issues, title }: { issues: readonly InputIssue[]; title: string }) {
  return (
    <div className="cmp-issues" role="alert">
      <p><strong>{title}</strong></p>
      <ul>{issues.map((i, k) => <li key={k} className="mono">{formatIssue(i)}</li>)}</ul>
    </div>
  );
}

/** A progress bar with its numbers. */
export function Progress({ label, fraction, text }: { label: string; fraction: number; text: string }) {
  const pct = Math.round(Math.min(1, Math.max(0, fraction)) * 100);
  return (
    <div className="cmp-progress">
      <div role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-valuetext={`${pct}%: ${text}`} className="cmp-bar">
        <div className="cmp-bar-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="cmp-progress-text">{pct}% · {text}</span>
    </div>
  );
}

