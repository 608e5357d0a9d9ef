import type { AuditReport } from '../report/types.js';

/** A MONITOR line's start: seconds.microseconds, then `[db client`. */
const MONITOR_HEAD = /\d{9,}\.\d{6} \[\d+ /;

/**
 * What to tell someone whose file has no MONITOR line: when its lines hold one after something else (a
 * `kubectl logs --timestamps` or `docker logs -t` prefix, a shell prompt), how to strip that; otherwise what a
 * MONITOR line looks like.
 */
export function notALogHint(report: AuditReport): string {
  for (const { preview } of report.skipped.flatMap((s) => s.examples)) {
    const head = MONITOR_HEAD.exec(preview);
    if (!head || head.index === 0) continue;
    return (
      `its lines start with ${JSON.stringify(preview.slice(0, head.index))} before the MONITOR timestamp; ` +
      `strip it first: sed -E 's/^[^[]*[^0-9]([0-9]{9,}\\.[0-9]{6} \\[)/\\1/' <file> | valkey-track audit --monitor -`
    );
  }
  return 'a MONITOR line looks like 1733000000.123456 [0 127.0.0.1:52114] "GET" "key" (valkey-cli MONITOR > file)';
}
