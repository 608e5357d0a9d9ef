import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { beginRange, rangeResult } from './range-result.js';
import { feedRange } from './range-reader.js';
import { RangeWatch } from './range-watch.js';
import { install, type StartState } from './start-state.js';

/**
 * What the main thread gives a worker, in its first message (the thread may have started before the task
 * was known: `audit-threads.ts`). Every MONITOR audit runs its lines in workers like this one, whose
 * memory is capped (`resourceLimits`): the main thread only reads input, merges results and reports.
 *
 * - `range`: a range of a regular file, read by the worker itself. `exact` when it starts from the true
 *   state (the first range, or one redone in order): clients past the cap are evicted, and the whole end
 *   state comes back. Otherwise it starts from a guess (`speculation.ts` for the clients, `FieldTtlFinder` for
 *   the keys with hash field TTLs) after a warm-up on the bytes before it, records what it assumed
 *   (`RangeWatch`, `FieldTtlWatch`), and flags an overflow instead of evicting.
 * - `stream`: lines that arrive as chunks (stdin, gzip, a live MONITOR connection), exact.
 */
export type WorkerTask =
  | {
      kind: 'range';
      path: string;
      index: number;
      warmStart: number;
      start: number;
      end: number;
      exact: boolean;
      options: MonitorAuditOptions;
      /** Kilobytes done per range, for the progress bar. */
      progress: SharedArrayBuffer;
    }
  | { kind: 'stream'; options: MonitorAuditOptions };

/** The first message: the task and the state it starts from. */
export type TaskMessage = {
  task: WorkerTask;
  start: StartState;
  /** No range comes after this one: its end state is not needed. */
  last?: boolean;
};

/** A stream worker's later messages. */
type StreamMessage = { chunk?: Uint8Array; end?: true };

const port = parentPort!;

function begin(
  options: MonitorAuditOptions,
  start: StartState,
  exact: boolean,
): { audit: MonitorAudit; watch: RangeWatch } {
  const audit = new MonitorAudit(options);
  // A guessed start must not evict (which clients go depends on the true start), so it stops at the cap.
  if (!exact) audit.registry.overflowAtCap = true;
  install(audit, start);
  return { audit, watch: new RangeWatch(1) };
}

function auditRange(task: Extract<WorkerTask, { kind: 'range' }>, message: TaskMessage): void {
  const fd = openSync(task.path, 'r');
  try {
    const { audit, watch } = begin(task.options, message.start, task.exact);
    if (!task.exact) {
      audit.recording = false;
      feedRange(fd, audit, task.warmStart, task.start);
      audit.end();
    }
    beginRange(audit, watch);
    const progress = new Int32Array(task.progress);
    feedRange(
      fd,
      audit,
      task.start,
      task.end,
      (done) => Atomics.store(progress, task.index, Math.floor(done / 1024)),
      () => audit.registry.overflowed,
    );
    audit.end();
    const result = rangeResult(audit, watch, task.exact, message.last === true);
    port.postMessage({ result }, [
      result.strangers.buffer as ArrayBuffer,
      result.fieldTtl.touched.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    port.postMessage({ error: (error as Error).stack ?? String(error) });
  } finally {
    closeSync(fd);
  }
}

function auditStream(first: TaskMessage): void {
  const { audit, watch } = begin(first.task.options, first.start, true);
  beginRange(audit, watch);
  port.on('message', (message: StreamMessage) => {
    try {
      if (message.chunk) {
        audit.write(Buffer.from(message.chunk.buffer, message.chunk.byteOffset, message.chunk.length));
        port.postMessage({ ack: message.chunk.length, commands: audit.totals.commands });
      } else if (message.end) {
        audit.end();
        const result = rangeResult(audit, watch, true, true);
        port.postMessage({ result }, [
          result.strangers.buffer as ArrayBuffer,
          result.fieldTtl.touched.buffer as ArrayBuffer,
        ]);
      }
    } catch (error) {
      port.postMessage({ error: (error as Error).stack ?? String(error) });
    }
  });
}

port.once('message', (message: TaskMessage) => {
  try {
    if (message.task.kind === 'range') auditRange(message.task, message);
    else auditStream(message);
  } catch (error) {
    port.postMessage({ error: (error as Error).stack ?? String(error) });
  }
});
