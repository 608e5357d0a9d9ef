import type { MonitorAudit, MonitorAuditOptions } from './monitor-audit.js';
import type { RangeResult } from './range-result.js';

const load = () => Promise.all([import('./monitor-audit.js'), import('./range-result.js')]);
let loading: ReturnType<typeof load> | undefined;

/**
 * Starts loading what `auditOfResult` needs, while a worker starts and runs: about 130 ms that would otherwise
 * follow the worker's run, for about 12 MiB held meanwhile (a stream does without: its memory matters more).
 */
export function preloadResultAudit(): void {
  loading ??= load();
}

/**
 * The audit of a log one worker read whole from the clients `options` assume to track (a stream, a file in
 * one thread). Unless preloaded, the audit's modules and command data are loaded only now: the main thread
 * holds none of it while the worker runs.
 */
export async function auditOfResult(
  options: MonitorAuditOptions,
  result: RangeResult,
): Promise<MonitorAudit> {
  const [{ MonitorAudit }, { absorb }] = await (loading ??= load());
  const audit = new MonitorAudit(options);
  absorb(audit, result);
  return audit;
}
