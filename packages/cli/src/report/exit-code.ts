import type { AuditReport, FailOn } from './types.js';

/** 1 when a finding is at or above `failOn` (`none` is worse than `partial`), else 0. */
export function exitCodeFor(report: Pick<AuditReport, 'findings'>, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const failing = failOn === 'partial' ? ['partial', 'none'] : ['none'];
  return report.findings.some((f) => failing.includes(f.category)) ? 1 : 0;
}
