import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { RangeCut } from './range-cut.js';
import { beginRange, rangeResult, type RangeResult } from './range-result.js';
import { feedRange } from './range-reader.js';
import { RangeWatch } from './range-watch.js';
import { install, type StartState } from './start-state.js';

/**
 * A range of a regular file to audit. `exact` when it starts from the true state (the first range, or one
 * redone in order): clients past the cap are evicted, and the whole end state comes back. Otherwise it
 * starts from a guess (`speculation.ts` for the clients, `FieldTtlFinder` for the keys with hash field TTLs)
 * after a warm-up on the bytes from `warmStart`, records what it assumed (`RangeWatch`, `FieldTtlWatch`),
 * and flags an overflow instead of evicting.
 */
export interface RangeTask {
  path: string;
  index: number;
  warmStart: number;
  start: number;
  end: number;
  exact: boolean;
  options: MonitorAuditOptions;
  /** Kilobytes done per range, for the progress bar. */
  progress: SharedArrayBuffer;
  /** The main thread may take over the end of this range (`RangeCut`). */
  cut?: SharedArrayBuffer;
}

/** A new audit in the state a range starts from. */
export function auditFrom(options: MonitorAuditOptions, start: StartState, exact: boolean): MonitorAudit {
  const audit = new MonitorAudit(options);
  // A guessed start must not evict (which clients go depends on the true start), so it stops at the cap.
  if (!exact) audit.registry.overflowAtCap = true;
  install(audit, start);
  return audit;
}

/**
 * Audits a range of an open file from a start state: in a worker, or in the main thread for the end of
 * a range it took over. `last`: no range comes after it, so its end state is not needed (unless the range
 * was cut short, and the rest comes after it).
 */
export function auditRange(
  fd: number,
  task: RangeTask,
  start: StartState,
  last: boolean,
  /** After each chunk, once its progress is stored (the main thread draws the bar from it). */
  onProgress?: () => void,
): RangeResult {
  const audit = auditFrom(task.options, start, task.exact);
  const watch = new RangeWatch(1);
  if (!task.exact) {
    audit.recording = false;
    feedRange(fd, audit, task.warmStart, task.start);
    audit.end();
  }
  beginRange(audit, watch);
  const progress = new Int32Array(task.progress);
  const cut = task.cut !== undefined ? new RangeCut(task.cut) : undefined;
  feedRange(
    fd,
    audit,
    task.start,
    cut !== undefined ? (pos) => cut.endAt(fd, pos, task.end) : task.end,
    (done) => {
      Atomics.store(progress, task.index, Math.floor(done / 1024));
      onProgress?.();
    },
    () => audit.registry.overflowed,
  );
  cut?.close(task.end);
  audit.end();
  return rangeResult(audit, watch, task.exact, last && !cut?.cutBefore(task.end));
}
