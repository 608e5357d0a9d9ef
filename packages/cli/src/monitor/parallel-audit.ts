import { closeSync, openSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Progress } from '../report/progress-bar.js';
import { takeAuditThread } from './audit-threads.js';
import type { TaskMessage } from './audit-worker.js';
import { runTask } from './run-task.js';
import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { absorb, mismatch, type RangeResult } from './range-result.js';
import { feedRange, nextLineStart } from './range-reader.js';
import { RangeCut } from './range-cut.js';
import { takeOverTail, warmStartOf, type Range, type Takeover } from './range-takeover.js';
import { speculate } from './speculation.js';
import { snapshot, type StartState } from './start-state.js';
import { FieldTtlFinder } from './field-ttl-prepass.js';
import { findTrackingLines } from './tracking-prepass.js';
import { threadsFor } from './jobs-for.js';

/** Each worker's range starts this far into the log's bytes before it, to learn what clients are in the middle of. */
const WARM_UP_BYTES = 4 * 1024 * 1024;
/** Past this many CLIENT TRACKING lines before the last range, the ranges are audited one after another. */
const MAX_TRACKING_LINES = 10_000;

export interface ParallelOutcome {
  /** The merged audit of the whole file (its lines were read in workers). */
  audit: MonitorAudit;
  /** Ranges audited from a guessed start and taken as they were. */
  workerRanges: number;
  /** The main thread audited the end of the last worker's range (`takeOverTail`), and it was taken. */
  takenOver: boolean;
  /** Ranges redone from the true start, and why. */
  redone: string[];
}

/** For tests: where the ranges start, how much each worker warms up on, and where the main thread takes over. */
export interface SplitOptions {
  boundaries?: number[];
  warmUpBytes?: number;
  /** Ask the last worker to stop here before it starts (the main thread then audits the rest of its range). */
  takeOverAt?: number;
}

/**
 * Splits a file into `jobs` ranges that start and end at line starts. Even ranges: the main thread searches
 * the file before its range, about what a worker spends warming up before its own.
 */
function ranges(fd: number, size: number, jobs: number, split: SplitOptions): Range[] {
  const starts = [0];
  const nominal =
    split.boundaries ?? Array.from({ length: jobs - 1 }, (_, i) => Math.floor((size * (i + 1)) / jobs));
  for (const at of nominal) {
    const start = nextLineStart(fd, at, size);
    if (start > starts[starts.length - 1]! && start < size) starts.push(start);
  }
  const warmUp = split.warmUpBytes ?? WARM_UP_BYTES;
  return starts.map((start, i) => ({
    warmStart: i === 0 ? 0 : warmStartOf(fd, start, warmUp, size),
    start,
    end: starts[i + 1] ?? size,
  }));
}

const finish = (audit: MonitorAudit, result: RangeResult | undefined): MonitorAudit => {
  absorb(audit, need(result));
  return audit;
};

const need = (result: RangeResult | undefined): RangeResult => {
  if (!result) throw new Error('an audit worker stopped before it was done');
  return result;
};

/**
 * Audits a regular file in worker threads, `jobs` ranges at once: the first from the true start, the others
 * from a start speculated from the CLIENT TRACKING lines before them (`speculation.ts`) and the writes that
 * gave hash fields TTLs (`FieldTtlFinder`). Then, in order, the main thread checks each result against the true
 * state (everything before it, merged) and adds it, or redoes its range from the true start. The report is the
 * same, byte for byte, as one thread's.
 */
export async function auditInParallel(
  path: string,
  size: number,
  jobs: number,
  options: MonitorAuditOptions,
  progress?: Progress,
  split: SplitOptions = {},
): Promise<ParallelOutcome> {
  const fd = openSync(path, 'r');
  const workers: Worker[] = [];
  try {
    const parts = ranges(fd, size, jobs, split);
    // One more slot: the main thread's progress on the end of the last range, when it takes that over.
    const shared = new SharedArrayBuffer(4 * (parts.length + 1));
    const done = new Int32Array(shared);
    const workerOptions: MonitorAuditOptions = {
      ...options,
      assumed: (options.assumed ?? []).filter((a) => a.address === '*'),
    };
    const take = () => {
      const worker = takeAuditThread();
      workers.push(worker);
      return worker;
    };
    const run = (
      worker: Worker,
      index: number,
      exact: boolean,
      start: StartState,
      last: boolean,
      cut?: RangeCut,
    ) => {
      const part = parts[index]!;
      return runTask(worker, {
        task: {
          kind: 'range',
          path,
          index,
          ...part,
          ...(exact ? { warmStart: part.start } : {}),
          exact,
          options: workerOptions,
          progress: shared,
          ...(cut ? { cut: cut.shared } : {}),
        },
        start,
        last,
      });
    };
    const last = parts.length - 1;
    // The threads (started earlier, or now) load their modules and command table while this thread
    // searches the file for CLIENT TRACKING lines; they wait for the ranges and starts it decides.
    const threads = Array.from({ length: threadsFor(parts.length) }, take);
    const audit = new MonitorAudit(options);
    const fieldTtls = new FieldTtlFinder();
    const events =
      last > 0
        ? findTrackingLines(fd, parts[last]!.warmStart, MAX_TRACKING_LINES, undefined, fieldTtls)
        : undefined;
    if (!events) {
      // Gone before the one that audits the whole file grows: their memory is not added to its peak.
      await Promise.all(threads.slice(1).map((worker) => worker.terminate()));
      // One thread (or too many connections to guess from: connection churn), in a worker whose memory is
      // capped, for the whole file.
      parts.splice(0, parts.length, { warmStart: 0, start: 0, end: size });
      const one = run(threads[0]!, 0, true, snapshot(audit), true);
      const report = setInterval(() => progress?.update(Atomics.load(done, 0) * 1024), 100);
      try {
        return {
          audit: finish(audit, await one),
          workerRanges: 0,
          takenOver: false,
          redone: last > 0 ? ['all: too many CLIENT TRACKING lines to split the file'] : [],
        };
      } finally {
        clearInterval(report);
      }
    }
    // With at most MAX_TRACKING_LINES tracking connections before the last range, the main thread keeps
    // little client state: it audits the first range itself. A range whose guess was wrong is redone in a
    // worker from the true state (it may hold more than the count saw).
    const guesses = speculate(
      events,
      options.assumed ?? [],
      parts.slice(1).map((p) => p.warmStart),
    );
    const cut = RangeCut.create();
    // For tests: the worker is asked to stop before it starts, so the takeover does not depend on timing.
    const takeOverAt = split.takeOverAt === undefined ? undefined : nextLineStart(fd, split.takeOverAt, size);
    if (takeOverAt !== undefined) cut.request(takeOverAt);
    const pending = threads.map((worker, i) =>
      run(
        worker,
        i + 1,
        false,
        {
          states: guesses[i]!,
          caller: undefined,
          lineOffset: 0,
          fieldTtl: fieldTtls.at(parts[i + 1]!.warmStart),
        },
        i + 1 === last,
        i + 1 === last ? cut : undefined,
      ),
    );
    const report = () => progress?.update(done.reduce((n, kb) => n + kb, 0) * 1024);
    feedRange(fd, audit, 0, parts[0]!.end, (bytes) => {
      Atomics.store(done, 0, Math.floor(bytes / 1024));
      report();
    });
    let lastGone = false;
    pending[last - 1]!.then(
      () => (lastGone = true),
      () => (lastGone = true),
    );
    const takeover: Takeover | undefined = await takeOverTail(
      {
        fd,
        path,
        range: parts[last]!,
        progress: done,
        index: last,
        cut,
        workerGone: () => lastGone,
        warmUp: split.warmUpBytes ?? WARM_UP_BYTES,
        events,
        maxEvents: MAX_TRACKING_LINES,
        fieldTtls,
        assumed: options.assumed ?? [],
        options: workerOptions,
        progressIndex: parts.length,
        onProgress: report,
      },
      takeOverAt,
    );
    if (takeover) {
      parts.push(takeover.range);
      pending.push(Promise.resolve(takeover.result));
    }
    const redone: string[] = [];
    let workerRanges = 0;
    let takenOver = false;
    // While the main thread waits for the workers, the bar still moves with their progress.
    const ticking = setInterval(report, 100);
    try {
      for (let i = 1; i < parts.length; i++) {
        const part = parts[i]!;
        const result = await pending[i - 1]!.catch((error: Error) => {
          redone.push(`range ${i + 1}: ${error.message}`);
          return undefined;
        });
        const why = !result
          ? i > last
            ? 'too many CLIENT TRACKING lines before it to guess from'
            : 'no result'
          : audit.missedTracking
            ? 'a CLIENT TRACKING line the search missed'
            : mismatch(audit, result);
        if (result && why === undefined) {
          absorb(audit, result);
          if (i <= last) workerRanges++;
          else takenOver = true;
        } else {
          if (result || i > last) redone.push(`range ${i + 1}: ${why}`);
          absorb(audit, need(await run(take(), i, true, snapshot(audit), i === parts.length - 1)));
        }
        Atomics.store(done, i, Math.floor((part.end - part.start) / 1024));
        report();
      }
    } finally {
      clearInterval(ticking);
    }
    audit.end();
    return { audit, workerRanges, takenOver, redone };
  } finally {
    for (const w of workers) void w.terminate();
    closeSync(fd);
  }
}
