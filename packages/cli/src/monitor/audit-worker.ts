import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { MonitorAuditOptions } from './monitor-audit.js';
import { beginRange, rangeResult } from './range-result.js';
import { auditFrom, auditRange, type RangeTask } from './range-task.js';
import { RangeWatch } from './range-watch.js';
import type { StartState } from './start-state.js';

/**
 * What the main thread gives a worker, in its first message (the thread may have started before the task
 * was known: `audit-threads.ts`). Every MONITOR audit runs its lines in workers like this one, whose
 * memory is capped (`resourceLimits`): the main thread only reads input, merges results and reports.
 *
 * - `range`: a range of a regular file, read by the worker itself (`range-task.ts`).
 * - `stream`: lines that arrive as chunks (stdin, gzip, a live MONITOR connection), exact.
 */
export type WorkerTask = ({ kind: 'range' } & RangeTask) | { kind: 'stream'; options: MonitorAuditOptions };

/** The first message: the task and the state it starts from. */
export type TaskMessage = {
  task: WorkerTask;
  start: StartState;
  /** No range comes after this one: its end state is not needed. */
  last?: boolean;
  /** A stream's chunks arrive in this memory (chunk-ring.ts). */
  ring?: SharedArrayBuffer;
};

/** A stream worker's later messages: a piece of the ring, a chunk of its own, or the end. */
type StreamMessage = { start?: number; length?: number; chunk?: Uint8Array; end?: true };

const port = parentPort!;

function runRange(task: RangeTask, message: TaskMessage): void {
  const fd = openSync(task.path, 'r');
  try {
    const result = auditRange(fd, task, message.start, message.last === true);
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
  const audit = auditFrom(first.task.options, first.start, true);
  const watch = new RangeWatch(1);
  beginRange(audit, watch);
  const ring = first.ring;
  port.on('message', (message: StreamMessage) => {
    try {
      if (message.start !== undefined && ring) {
        audit.write(Buffer.from(ring, message.start, message.length));
        port.postMessage({ ack: message.length, shared: true, commands: audit.totals.commands });
      } else if (message.chunk) {
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
    if (message.task.kind === 'range') runRange(message.task, message);
    else auditStream(message);
  } catch (error) {
    port.postMessage({ error: (error as Error).stack ?? String(error) });
  }
});
