import { findingSeverity, type AuditReport, type FailOn } from './types.js';

/** 1 when a finding is at or above `failOn` (unknown < partial < none), else 0. */
export function exitCodeFor(report: Pick<AuditReport, 'findings'>, failOn: FailOn): 0 | 1 {
  if (failOn === 'never') return 0;
  const failing = findingSeverity.slice(findingSeverity.indexOf(failOn));
  return report.findings.some((f) => failing.includes(f.category)) ? 1 : 0;
}
