import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { beginRange, rangeResult } from './range-result.js';
import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { auditFrom, auditRange, type RangeTask } from './range-task.js';
import { RangeWatch } from './range-watch.js';
import { snapshot, type StartState } from './start-state.js';
import { gunzipInput, plainInput } from './stream-input.js';

/**
 * What the main thread gives a worker, in its first message (the thread may have started before the task
 * was known: `audit-threads.ts`). Every MONITOR audit runs its lines in workers like this one, whose
 * memory is capped (`resourceLimits`): the main thread only reads input, merges results and reports.
 *
 * - `range`: a range of a regular file, read by the worker itself (`range-task.ts`).
 * - `stream`: lines that arrive as chunks (stdin, gzip, a live MONITOR connection), exact.
 */
export type TaskMessage = RangeMessage | StreamStart;

/** A range's first message: the task and the state it starts from. */
export interface RangeMessage {
  task: { kind: 'range' } & RangeTask;
  /** None: the whole file, from the clients its options assume to track (`fromAssumed`). */
  start?: StartState;
  /** No range comes after this one: its end state is not needed. */
  last?: boolean;
}

/** A stream's: it starts from the clients its options assume to track. */
export interface StreamStart {
  task: { kind: 'stream'; options: MonitorAuditOptions; gzip: boolean };
  /** The chunks arrive in this memory (chunk-ring.ts). */
  ring: SharedArrayBuffer;
}

/** A stream worker's later messages: a piece of the ring, a chunk of its own, or the end. */
type StreamMessage = { start?: number; length?: number; chunk?: Uint8Array; end?: true };

const port = parentPort!;

/**
 * A task that names no start begins from the clients its options assume to track: they become its state, and
 * only the wildcard stays an option (the main thread's audit counts the others once, when it merges the result).
 */
function fromAssumed(options: MonitorAuditOptions): { options: MonitorAuditOptions; start: StartState } {
  return {
    options: { ...options, assumed: (options.assumed ?? []).filter((a) => a.address === '*') },
    start: snapshot(new MonitorAudit(options)),
  };
}

function runRange(message: RangeMessage): void {
  const { options, start } = message.start
    ? { options: message.task.options, start: message.start }
    : fromAssumed(message.task.options);
  const task = { ...message.task, options };
  const fd = openSync(task.path, 'r');
  try {
    const result = auditRange(fd, task, start, message.last === true);
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

function auditStream(first: StreamStart): void {
  const { options, start } = fromAssumed(first.task.options);
  const audit = auditFrom(options, start, true);
  const watch = new RangeWatch(1);
  beginRange(audit, watch);
  const ring = first.ring;
  const input = first.task.gzip
    ? gunzipInput(audit, (message) => port.postMessage({ error: message, gzipData: true }))
    : plainInput(audit);
  const ack = (length: number, shared: boolean) => () =>
    port.postMessage({ ack: length, shared, commands: audit.totals.commands });
  port.on('message', (message: StreamMessage) => {
    try {
      if (message.start !== undefined) {
        input.write(Buffer.from(ring, message.start, message.length), ack(message.length!, true));
      } else if (message.chunk) {
        const chunk = message.chunk;
        input.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length), ack(chunk.length, false));
      } else if (message.end) {
        input.end(() => {
          const result = rangeResult(audit, watch, true, true);
          port.postMessage({ result }, [
            result.strangers.buffer as ArrayBuffer,
            result.fieldTtl.touched.buffer as ArrayBuffer,
          ]);
        });
      }
    } catch (error) {
      port.postMessage({ error: (error as Error).stack ?? String(error) });
    }
  });
}

port.once('message', (message: TaskMessage) => {
  try {
    if (message.task.kind === 'range') runRange(message as RangeMessage);
    else auditStream(message as StreamStart);
  } catch (error) {
    port.postMessage({ error: (error as Error).stack ?? String(error) });
  }
});
