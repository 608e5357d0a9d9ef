import type { Progress } from '../report/progress-bar.js';
import { takeAuditThread } from './audit-threads.js';
import type { MonitorAudit, MonitorAuditOptions } from './monitor-audit.js';
import { auditOfResult, preloadResultAudit } from './result-audit.js';
import { runTask } from './run-task.js';

/**
 * A regular file audited whole in one worker (`--jobs 1`, or a file too small to split). The worker starts
 * from the clients `options` assume, so the task goes out before this thread has loaded the audit: a small
 * log waits for the worker's start (about 200 ms), not for both threads' in turn. This thread loads what
 * merging the result takes meanwhile.
 */
export async function auditWholeFile(
  path: string,
  size: number,
  options: MonitorAuditOptions,
  progress?: Progress,
): Promise<MonitorAudit> {
  const worker = takeAuditThread();
  const shared = new SharedArrayBuffer(4);
  const range = { index: 0, warmStart: 0, start: 0, end: size, exact: true };
  const task = { kind: 'range' as const, path, ...range, options, progress: shared };
  const running = runTask(worker, { task, last: true });
  preloadResultAudit();
  const done = new Int32Array(shared);
  const report = setInterval(() => progress?.update(Atomics.load(done, 0) * 1024), 100);
  try {
    const result = await running;
    if (!result) throw new Error('an audit worker stopped before it was done');
    // The worker's heap goes before the merge and the report grow this thread's.
    await worker.terminate();
    return await auditOfResult(options, result);
  } finally {
    clearInterval(report);
    void worker.terminate();
  }
}
