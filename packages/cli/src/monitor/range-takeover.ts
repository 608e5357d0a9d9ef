import type { FieldTtlFinder } from './field-ttl-prepass.js';
import type { MonitorAuditOptions } from './monitor-audit.js';
import type { RangeCut } from './range-cut.js';
import type { RangeResult } from './range-result.js';
import { nextLineStart } from './range-reader.js';
import { auditRange } from './range-task.js';
import { speculate } from './speculation.js';
import { findTrackingLines, type TrackingEvent } from './tracking-prepass.js';
import type { AssumedTracking } from './tracking-clients-option.js';

/**
 * Below this many bytes left in the last worker's range, the main thread leaves them to it: taking them
 * over costs a warm-up and a search of the bytes between, about what the worker needs for a few MB.
 */
export const MIN_TAKEOVER_BYTES = 16 * 1024 * 1024;
/** How many times faster the search for CLIENT TRACKING lines reads a log than the audit does (about 4.5 GB/s and 280 MB/s). */
const SEARCH_SPEED = 16;

export interface Range {
  warmStart: number;
  start: number;
  end: number;
}

export interface TakeoverContext {
  fd: number;
  path: string;
  /** The last range, read by a worker that looks at `cut`; its `end` moves to where the worker stopped. */
  range: Range;
  /** Kilobytes the worker has read of it, at `progress[index]`. */
  progress: Int32Array;
  index: number;
  cut: RangeCut;
  /** Whether the worker has stopped (its result, or its failure, came back). */
  workerGone: () => boolean;
  warmUp: number;
  /** The CLIENT TRACKING lines before the range's warm-up, and how many the guess may hold. */
  events: TrackingEvent[];
  maxEvents: number;
  fieldTtls: FieldTtlFinder;
  assumed: AssumedTracking[];
  options: MonitorAuditOptions;
  /** Where the main thread's own progress goes (its slot in the progress array). */
  progressIndex: number;
  onProgress: () => void;
}

/** The end of the last range, audited by the main thread from a guessed start. */
export interface Takeover {
  range: Range;
  /** Undefined when the bytes before it held too many CLIENT TRACKING lines to guess from: redo it in order. */
  result: RangeResult | undefined;
}

/**
 * The main thread, done with the first range, takes over the second half of what the last worker has
 * still to read, so that both finish together whoever started late or ran slower (the worker spent its
 * first ~100 ms starting and warming up; the threads may be slowed unevenly by a busy machine or a cold
 * page cache). The worker stops at a line start (`RangeCut`); the main thread guesses the state there as
 * for any range (the CLIENT TRACKING lines up to its warm-up, then the warm-up) and audits the rest.
 * `at`: the line start to ask the worker to stop at, instead of halfway through what it has left (for tests).
 */
export async function takeOverTail(context: TakeoverContext, at?: number): Promise<Takeover | undefined> {
  const { fd, range, cut, warmUp } = context;
  let stop: number;
  if (at !== undefined) {
    stop = at;
  } else {
    const read = range.start + Atomics.load(context.progress, context.index) * 1024;
    // What the main thread has to do first, in bytes of auditing: search the worker's range so far for
    // CLIENT TRACKING lines (up to the new range's warm-up) and warm up.
    const first = (read - range.warmStart) / SEARCH_SPEED + warmUp;
    const share = (range.end - read - first) / 2;
    if (share < MIN_TAKEOVER_BYTES) return undefined;
    stop = nextLineStart(fd, range.end - Math.floor(share), range.end);
  }
  if (stop >= range.end) return undefined;
  // Stop the worker first, then search: the worker goes on reading meanwhile, and its cut is where it is
  // told to stop. Too many tracking connections before the cut to guess from: the rest is redone in order.
  cut.request(stop);
  const from = await cut.settled(context.workerGone);
  if (from === undefined || from >= range.end) return undefined;
  const end = range.end;
  range.end = from;
  const warmStart = warmStartOf(fd, from, warmUp, end);
  const tail = { warmStart, start: from, end };
  // The CLIENT TRACKING lines (and field TTL writes) between the range's warm-up and the new one's.
  const more = findTrackingLines(
    fd,
    warmStart,
    context.maxEvents - context.events.length,
    undefined,
    context.fieldTtls,
    range.warmStart,
  );
  if (more === undefined) return { range: tail, result: undefined };
  const [states] = speculate([...context.events, ...more], context.assumed, [warmStart]);
  const result = auditRange(
    fd,
    {
      path: context.path,
      index: context.progressIndex,
      ...tail,
      exact: false,
      options: context.options,
      progress: context.progress.buffer as SharedArrayBuffer,
    },
    { states: states!, caller: undefined, lineOffset: 0, fieldTtl: context.fieldTtls.at(warmStart) },
    true,
    context.onProgress,
  );
  return { range: tail, result };
}

/** Where a range starting at `start` starts its warm-up: `warmUp` bytes before, at a line start. */
export const warmStartOf = (fd: number, start: number, warmUp: number, size: number): number =>
  nextLineStart(fd, Math.max(0, start - warmUp), size);
