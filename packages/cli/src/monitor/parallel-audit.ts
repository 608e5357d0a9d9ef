import { closeSync, openSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Progress } from '../report/progress-bar.js';
import type { WorkerTask } from './audit-worker.js';
import { MonitorAudit, type MonitorAuditOptions } from './monitor-audit.js';
import { absorb, mismatch, type RangeResult } from './range-result.js';
import { feedRange, nextLineStart } from './range-reader.js';
import { speculate } from './speculation.js';
import { findTrackingLines } from './tracking-prepass.js';

/** Each worker's range starts this far into the log's bytes before it, to learn what clients are in the middle of. */
const WARM_UP_BYTES = 4 * 1024 * 1024;
/** Past this many CLIENT TRACKING lines before the last range, the log is audited in one thread. */
const MAX_TRACKING_LINES = 50_000;
/** No range smaller than this: a worker costs about 50 ms to start. */
export const MIN_RANGE_BYTES = 32 * 1024 * 1024;

export interface ParallelOutcome {
  audit: MonitorAudit;
  /** Ranges audited by workers and taken as they were. */
  workerRanges: number;
  /** Ranges the main thread redid in order, and why. */
  redone: string[];
}

/** For tests: where the ranges start, and how much each worker warms up on. */
export interface SplitOptions {
  boundaries?: number[];
  warmUpBytes?: number;
}

interface Range {
  warmStart: number;
  start: number;
  end: number;
}

/** Splits a file into `jobs` ranges that start and end at line starts. */
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
    warmStart: i === 0 ? 0 : nextLineStart(fd, Math.max(0, start - warmUp), size),
    start,
    end: starts[i + 1] ?? size,
  }));
}

/**
 * A worker's young generation: a range's audit allocates little per line, and V8's default (up to 32 MB,
 * grown under churn) would cost every worker that much resident memory.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4 };

function startWorker(task: WorkerTask): Worker {
  const options = { workerData: task, resourceLimits: WORKER_LIMITS };
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./audit-worker.js', import.meta.url), options);
  // Run from the TypeScript sources (the test suites, through tsx): the worker needs tsx's loader too.
  const code = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(new URL('./audit-worker.ts', import.meta.url).href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`), options);
}

/**
 * Audits a regular file with `jobs` threads: the main thread audits the first range while a worker audits
 * each of the others from a speculated start (`speculation.ts`); then, in order, each worker's result is
 * checked against the true state (the audit of everything before it) and added, or its range redone in
 * order when an assumption did not hold. The report is the same, byte for byte, as one thread's.
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
    const shared = new SharedArrayBuffer(4 * parts.length);
    const done = new Int32Array(shared);
    const workerOptions: MonitorAuditOptions = {
      ...options,
      assumed: (options.assumed ?? []).filter((a) => a.address === '*'),
    };
    const results = parts.slice(1).map((part, i) => {
      const task: WorkerTask = { path, index: i + 1, ...part, options: workerOptions, progress: shared };
      const worker = startWorker(task);
      workers.push(worker);
      return new Promise<RangeResult | undefined>((resolve, reject) => {
        worker.once('message', (m: { result?: RangeResult; error?: string }) =>
          m.error ? reject(new Error(`a worker failed: ${m.error}`)) : resolve(m.result),
        );
        worker.once('error', reject);
        worker.once('exit', () => resolve(undefined));
      });
    });
    const events = findTrackingLines(fd, parts[parts.length - 1]!.warmStart, MAX_TRACKING_LINES);
    const guesses = events
      ? speculate(
          events,
          options.assumed ?? [],
          parts.slice(1).map((p) => p.warmStart),
        )
      : undefined;
    workers.forEach((w, i) => w.postMessage(guesses ? { speculation: guesses[i] } : {}));

    const audit = new MonitorAudit(options);
    const report = () => {
      let total = Atomics.load(done, 0);
      for (let i = 1; i < parts.length; i++) total += Atomics.load(done, i);
      progress?.update(total * 1024);
    };
    feedRange(fd, audit, 0, parts[0]!.end, (bytes) => {
      Atomics.store(done, 0, Math.floor(bytes / 1024));
      report();
    });
    const redone: string[] = [];
    let workerRanges = 0;
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!;
      const result = await results[i - 1]!.catch((error: Error) => {
        redone.push(`range ${i + 1}: ${error.message}`);
        return undefined;
      });
      const why = !result
        ? 'no speculation'
        : audit.missedTracking
          ? 'a CLIENT TRACKING line the search missed'
          : mismatch(audit, result);
      if (result && why === undefined) {
        absorb(audit, result);
        workerRanges++;
      } else {
        if (result) redone.push(`range ${i + 1}: ${why}`);
        feedRange(fd, audit, part.start, part.end);
      }
      Atomics.store(done, i, Math.floor((part.end - part.start) / 1024));
      report();
    }
    audit.end();
    return { audit, workerRanges, redone };
  } finally {
    for (const w of workers) void w.terminate();
    closeSync(fd);
  }
}
